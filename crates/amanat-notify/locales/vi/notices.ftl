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

## Yêu cầu về quyền riêng tư và việc sử dụng dữ liệu cá nhân

privacy-questions = Nếu bạn có câu hỏi, hãy liên hệ bộ phận hỗ trợ của { $business }.

privacy-received-subject = { $business }: chúng tôi đã nhận được yêu cầu về quyền riêng tư của bạn
privacy-received-body = { $request ->
    [access] Chúng tôi đã nhận được yêu cầu cung cấp bản sao dữ liệu cá nhân của bạn.
    [rectification] Chúng tôi đã nhận được yêu cầu chỉnh sửa dữ liệu cá nhân của bạn.
    [erasure] Chúng tôi đã nhận được yêu cầu xóa dữ liệu cá nhân của bạn.
    [restriction] Chúng tôi đã nhận được yêu cầu hạn chế sử dụng dữ liệu cá nhân của bạn.
    [objection] Chúng tôi đã nhận được ý kiến phản đối của bạn về việc sử dụng dữ liệu cá nhân của bạn.
   *[other] Chúng tôi đã nhận được yêu cầu của bạn liên quan đến dữ liệu cá nhân.
}
privacy-received-due = Chúng tôi sẽ trả lời chậm nhất vào { $due } và sẽ báo cho bạn khi hoàn tất.
privacy-received-sms = { $business }: chúng tôi đã nhận được yêu cầu về quyền riêng tư của bạn và sẽ trả lời chậm nhất vào { $due }.

privacy-extended-subject = { $business }: chúng tôi cần thêm thời gian cho yêu cầu về quyền riêng tư của bạn
privacy-extended-body = { $request ->
    [access] Chúng tôi vẫn đang xử lý yêu cầu cung cấp bản sao dữ liệu cá nhân của bạn.
    [rectification] Chúng tôi vẫn đang xử lý yêu cầu chỉnh sửa dữ liệu cá nhân của bạn.
    [erasure] Chúng tôi vẫn đang xử lý yêu cầu xóa dữ liệu cá nhân của bạn.
    [restriction] Chúng tôi vẫn đang xử lý yêu cầu hạn chế sử dụng dữ liệu cá nhân của bạn.
    [objection] Chúng tôi vẫn đang xem xét ý kiến phản đối của bạn về việc sử dụng dữ liệu cá nhân của bạn.
   *[other] Chúng tôi vẫn đang xử lý yêu cầu của bạn liên quan đến dữ liệu cá nhân.
}
privacy-extended-reason = { $reason ->
    [complex] Vì yêu cầu của bạn phức tạp, chúng tôi cần thêm thời gian để trả lời.
    [many_requests] Vì chúng tôi đã nhận được nhiều yêu cầu, chúng tôi cần thêm thời gian để trả lời yêu cầu của bạn.
    [third_party] Chúng tôi cần thông tin từ một bên thứ ba đã nhận dữ liệu của bạn, vì vậy chúng tôi cần thêm thời gian để trả lời.
   *[other] Chúng tôi cần thêm thời gian để trả lời yêu cầu một cách thỏa đáng.
}
privacy-extended-due = Giờ đây chúng tôi sẽ trả lời chậm nhất vào { $due }. Pháp luật chỉ cho phép gia hạn thời hạn trả lời một lần.
privacy-extended-sms = { $business }: chúng tôi cần thêm thời gian cho yêu cầu về quyền riêng tư của bạn và sẽ trả lời chậm nhất vào { $due }.

privacy-completed-subject = { $business }: yêu cầu về quyền riêng tư của bạn đã hoàn tất
privacy-completed-body = { $request ->
    [access] Yêu cầu cung cấp bản sao dữ liệu cá nhân của bạn đã hoàn tất. Bản sao đã sẵn sàng trong tài khoản của bạn, ở mục xuất dữ liệu.
    [rectification] Yêu cầu của bạn đã hoàn tất: dữ liệu cá nhân của bạn đã được chỉnh sửa.
    [erasure] Yêu cầu của bạn đã hoàn tất: dữ liệu cá nhân của bạn đã được xóa.
    [restriction] Yêu cầu của bạn đã hoàn tất: từ nay chúng tôi chỉ lưu giữ dữ liệu cá nhân của bạn và sẽ không sử dụng theo bất kỳ cách nào khác cho đến khi bạn hoặc chúng tôi dỡ bỏ việc hạn chế.
    [objection] Yêu cầu của bạn đã hoàn tất: chúng tôi đã ngừng sử dụng dữ liệu cá nhân của bạn cho những mục đích mà bạn phản đối.
   *[other] Yêu cầu của bạn liên quan đến dữ liệu cá nhân đã hoàn tất.
}
privacy-completed-kept = { $kept ->
    [order_references] Chúng tôi giữ lại mã tham chiếu của các đơn hàng và khoản thanh toán của bạn trong thời gian mà pháp luật về kế toán yêu cầu.
    [legal_hold] Chúng tôi giữ lại một phần dữ liệu của bạn vì quyết định của tòa án hoặc cơ quan có thẩm quyền yêu cầu như vậy.
   *[other] Chúng tôi giữ lại một phần dữ liệu của bạn vì pháp luật yêu cầu.
}
privacy-completed-last = Đây là email cuối cùng bạn nhận được từ { $business }.
privacy-completed-sms = { $request ->
    [access] { $business }: bản sao dữ liệu cá nhân của bạn đã sẵn sàng trong tài khoản.
    [rectification] { $business }: dữ liệu cá nhân của bạn đã được chỉnh sửa.
    [erasure] { $business }: dữ liệu cá nhân của bạn đã được xóa. Đây là tin nhắn cuối cùng chúng tôi gửi bạn.
    [restriction] { $business }: việc sử dụng dữ liệu cá nhân của bạn hiện đã bị hạn chế.
    [objection] { $business }: chúng tôi đã ngừng sử dụng dữ liệu của bạn cho những mục đích bạn phản đối.
   *[other] { $business }: yêu cầu về quyền riêng tư của bạn đã hoàn tất.
}

privacy-refused-subject = { $business }: chúng tôi không thể thực hiện yêu cầu về quyền riêng tư của bạn
privacy-refused-body = { $request ->
    [access] Chúng tôi không thể thực hiện yêu cầu cung cấp bản sao dữ liệu cá nhân của bạn.
    [rectification] Chúng tôi không thể thực hiện yêu cầu chỉnh sửa dữ liệu cá nhân của bạn.
    [erasure] Chúng tôi không thể thực hiện yêu cầu xóa dữ liệu cá nhân của bạn.
    [restriction] Chúng tôi không thể thực hiện yêu cầu hạn chế sử dụng dữ liệu cá nhân của bạn.
    [objection] Chúng tôi không thể chấp nhận ý kiến phản đối của bạn về việc sử dụng dữ liệu cá nhân của bạn.
   *[other] Chúng tôi không thể thực hiện yêu cầu của bạn liên quan đến dữ liệu cá nhân.
}
privacy-refused-reason = { $reason ->
    [identity_not_verified] Lý do: chúng tôi không thể xác minh rằng yêu cầu này là của chính bạn.
    [manifestly_unfounded] Lý do: yêu cầu này rõ ràng là không có cơ sở.
    [excessive] Lý do: yêu cầu này là quá mức, chẳng hạn vì lặp lại các yêu cầu trước đó.
    [legal_hold] Lý do: quyết định của tòa án hoặc cơ quan có thẩm quyền buộc chúng tôi phải giữ lại dữ liệu này.
    [legal_obligation] Lý do: pháp luật buộc chúng tôi phải giữ lại hoặc sử dụng dữ liệu này.
    [not_applicable] Lý do: quyền này không áp dụng cho dữ liệu này hoặc cho mục đích mà chúng tôi sử dụng dữ liệu.
   *[other] Chúng tôi đã xem xét kỹ yêu cầu của bạn, nhưng không thể thực hiện trong trường hợp này.
}
privacy-complain = Bạn có quyền khiếu nại đến cơ quan giám sát bảo vệ dữ liệu cá nhân.
privacy-complain-named = Bạn có quyền khiếu nại đến cơ quan giám sát bảo vệ dữ liệu cá nhân:
privacy-court = Bạn cũng có thể khởi kiện ra tòa án.
privacy-refused-sms = { $business }: chúng tôi không thể thực hiện yêu cầu về quyền riêng tư của bạn. Bạn có quyền khiếu nại đến cơ quan giám sát bảo vệ dữ liệu cá nhân.

restricted-subject = { $business }: việc sử dụng dữ liệu cá nhân của bạn đã bị hạn chế
restricted-body = Kể từ { $at }, việc xử lý dữ liệu cá nhân của bạn bị hạn chế: chúng tôi lưu giữ dữ liệu nhưng không sử dụng, trừ khi để bảo vệ quyền lợi trong các yêu cầu pháp lý, khi có sự đồng ý của bạn hoặc khi pháp luật yêu cầu.
restricted-sms = { $business }: từ { $at } chúng tôi chỉ lưu giữ dữ liệu của bạn và không sử dụng, trừ cho yêu cầu pháp lý, khi bạn đồng ý hoặc khi pháp luật yêu cầu.

restriction-lifted-subject = { $business }: việc hạn chế dữ liệu cá nhân của bạn đã kết thúc
restriction-lifted-body = Việc hạn chế xử lý dữ liệu cá nhân của bạn đã kết thúc vào { $at }. Chúng tôi sử dụng lại dữ liệu của bạn cho các mục đích nêu trong chính sách quyền riêng tư của chúng tôi.
restriction-lifted-sms = { $business }: việc hạn chế dữ liệu của bạn đã kết thúc vào { $at }. Chúng tôi sử dụng lại dữ liệu theo chính sách quyền riêng tư.

lawful-disclosure-subject = { $business }: chúng tôi đã cung cấp một phần dữ liệu cá nhân của bạn cho cơ quan có thẩm quyền
lawful-disclosure-body = Vào { $at }, theo quy định của pháp luật, chúng tôi đã cung cấp một phần dữ liệu cá nhân của bạn cho { $authority } theo lệnh pháp lý có số tham chiếu { $reference }.
lawful-disclosure-list = Danh sách những dữ liệu đã được cung cấp có trên trang minh bạch của bạn và trong bản xuất dữ liệu của bạn.
lawful-disclosure-sms = { $business }: vào { $at }, theo quy định của pháp luật, chúng tôi đã cung cấp một phần dữ liệu của bạn cho { $authority }. Chi tiết có trong tài khoản của bạn.
