# Thông báo gửi khách hàng, tiếng Việt.

## Các dòng dùng chung

code-expires = Mã sẽ hết hạn sau { $minutes } phút.
code-never-share = { $business } sẽ không bao giờ hỏi bạn mã này qua điện thoại, tin nhắn trò chuyện hay email. Tuyệt đối không cho ai biết mã này.
code-not-requested = Nếu bạn không yêu cầu mã này, hãy bỏ qua thư này. Sẽ không có gì thay đổi.
not-you-freeze = Nếu đó không phải là bạn, hãy khóa tài khoản ngay. Khi tài khoản đang bị khóa, không ai có thể đăng nhập hay thay đổi tài khoản.
freeze-button = Khóa tài khoản của tôi
not-you-support = Nếu đó không phải là bạn, hãy liên hệ ngay với bộ phận hỗ trợ của { $business }.
also-support = Bạn cũng có thể liên hệ bộ phận hỗ trợ của { $business }:
support-button = Liên hệ hỗ trợ
if-you-ok = Nếu đó là bạn, bạn không cần làm gì thêm.
footer-auto = Đây là thư tự động từ { $business }. Thư trả lời gửi đến địa chỉ này sẽ không được đọc.
sms-not-you-freeze = Không phải bạn? Khóa tài khoản tại:
sms-not-you-support = Không phải bạn? Liên hệ hỗ trợ:
sms-not-you = Không phải bạn? Hãy liên hệ ngay bộ phận hỗ trợ của { $business }.

## Mã dùng một lần

email-verify-subject = Xác nhận địa chỉ email của bạn tại { $business }
email-verify-intro = Dùng mã này để xác nhận địa chỉ email cho tài khoản { $business } của bạn:
email-verify-sms = { $business }: { $code } là mã xác nhận email của bạn, có hiệu lực { $minutes } phút. Không đưa mã cho ai; chúng tôi không bao giờ hỏi mã qua điện thoại, chat hay email.

phone-verify-subject = Xác nhận số điện thoại của bạn tại { $business }
phone-verify-intro = Dùng mã này để xác nhận số điện thoại cho tài khoản { $business } của bạn:
phone-verify-sms = { $business }: { $code } là mã xác nhận số điện thoại của bạn, có hiệu lực { $minutes } phút. Không đưa mã cho ai; chúng tôi không bao giờ hỏi mã qua điện thoại, chat hay email.

sign-in-code-subject = Mã đăng nhập { $business } của bạn
sign-in-code-intro = Dùng mã này để hoàn tất đăng nhập vào tài khoản { $business } của bạn:
sign-in-code-sms = { $business }: { $code } là mã đăng nhập của bạn, có hiệu lực { $minutes } phút. Không đưa mã cho ai; chúng tôi không bao giờ hỏi mã qua điện thoại, chat hay email.

freeze-code-subject = Xác nhận khóa hoặc mở khóa tài khoản { $business }
freeze-code-intro = Dùng mã này để xác nhận bạn muốn khóa hoặc mở khóa tài khoản { $business } của mình:
freeze-code-sms = { $business }: { $code } là mã để khóa hoặc mở khóa tài khoản của bạn, có hiệu lực { $minutes } phút. Không đưa mã cho ai; chúng tôi không bao giờ hỏi mã qua điện thoại, chat hay email.

## Đặt lại mật khẩu

password-reset-subject = Đặt lại mật khẩu { $business }
password-reset-intro = Chúng tôi đã nhận được yêu cầu đặt lại mật khẩu cho tài khoản { $business } của bạn. Để chọn mật khẩu mới, hãy mở liên kết này:
password-reset-button = Chọn mật khẩu mới
password-reset-expires = Liên kết chỉ dùng được một lần và sẽ hết hạn sau { $minutes } phút.
password-reset-not-requested = Nếu bạn không yêu cầu đặt lại mật khẩu, hãy bỏ qua thư này. Mật khẩu của bạn sẽ giữ nguyên.
never-password = { $business } sẽ không bao giờ hỏi mật khẩu của bạn qua điện thoại, tin nhắn trò chuyện hay email.
password-reset-sms = { $business }: mở liên kết này trong vòng { $minutes } phút để đặt lại mật khẩu. Nếu bạn không yêu cầu, hãy bỏ qua tin nhắn này.

## Thông báo bảo mật

new-sign-in-subject = Có lượt đăng nhập mới vào tài khoản { $business } của bạn
new-sign-in-body = Tài khoản { $business } của bạn vừa được đăng nhập lúc { $at } từ { $device }.
new-sign-in-sms = { $business }: tài khoản của bạn được đăng nhập lúc { $at } từ { $device }.

password-changed-subject = Mật khẩu { $business } của bạn đã được thay đổi
password-changed-body = Mật khẩu tài khoản { $business } của bạn đã được thay đổi lúc { $at }.
password-changed-sms = { $business }: mật khẩu của bạn đã được thay đổi lúc { $at }.

email-changed-subject = Email của tài khoản { $business } đã được thay đổi
email-changed-body = Địa chỉ email của tài khoản { $business } đã được đổi thành { $new } lúc { $at }. Thông báo này được gửi tới cả địa chỉ cũ lẫn địa chỉ mới.
email-changed-sms = { $business }: email tài khoản của bạn đã được đổi thành { $new } lúc { $at }.

phone-changed-subject = Số điện thoại của tài khoản { $business } đã được thay đổi
phone-changed-body = Số điện thoại của tài khoản { $business } đã được đổi thành { $new } lúc { $at }.
phone-changed-sms = { $business }: số điện thoại tài khoản của bạn đã được đổi thành { $new } lúc { $at }.

frozen-subject = Tài khoản { $business } của bạn đã bị khóa
frozen-body = Tài khoản { $business } của bạn đã bị khóa lúc { $at }. Cho đến khi được mở khóa, không ai có thể đăng nhập hay thay đổi tài khoản.
frozen-sms = { $business }: tài khoản của bạn đã bị khóa lúc { $at }. Không ai đăng nhập được cho đến khi mở khóa.

unfrozen-subject = Tài khoản { $business } của bạn đã được mở khóa
unfrozen-body = Tài khoản { $business } của bạn đã được mở khóa lúc { $at }. Bạn có thể đăng nhập và thay đổi tài khoản trở lại.
unfrozen-sms = { $business }: tài khoản của bạn đã được mở khóa lúc { $at }.

## Thời hạn lưu trữ

retention-subject = Tài khoản { $business } của bạn sẽ bị xóa vào { $erase_on }
retention-body = Tài khoản { $business } của bạn đã lâu không được sử dụng. Theo chính sách quyền riêng tư, chúng tôi sẽ xóa dữ liệu cá nhân của bạn vào { $erase_on }, chỉ giữ lại những gì pháp luật yêu cầu.
retention-keep = Để giữ tài khoản, bạn chỉ cần đăng nhập trước ngày đó. Nếu không còn cần tài khoản, bạn không phải làm gì cả.
retention-sms = { $business }: tài khoản không sử dụng của bạn sẽ bị xóa vào { $erase_on }. Hãy đăng nhập trước ngày đó để giữ tài khoản.
