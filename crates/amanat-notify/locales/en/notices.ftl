# Customer notices of the amanat sign-in system, English.
# Every message takes $business (the business's display name).

## Shared lines

code-expires = The code expires in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
code-never-share = { $business } will never ask you for this code by phone, chat or email. Never tell it to anyone.
code-not-requested = If you did not ask for this code, you can ignore this message. Nothing will change.
not-you-freeze = If this was not you, freeze your account right away. While it is frozen, nobody can sign in to it or change it.
freeze-button = Freeze my account
not-you-support = If this was not you, contact { $business } support right away.
also-support = You can also contact { $business } support:
support-button = Contact support
if-you-ok = If this was you, there is nothing you need to do.
footer-auto = This is an automatic message from { $business }. Replies to this address are not read.
sms-not-you-freeze = Not you? Freeze your account:
sms-not-you-support = Not you? Contact support:
sms-not-you = Not you? Contact { $business } support now.

## One-time codes

email-verify-subject = Confirm your email address for { $business }
email-verify-intro = Use this code to confirm the email address of your { $business } account:
email-verify-sms = { $business }: { $code } is your email confirmation code. Valid { $minutes } min. Never share it; we never ask for it by phone, chat or email.

phone-verify-subject = Confirm your phone number for { $business }
phone-verify-intro = Use this code to confirm the phone number of your { $business } account:
phone-verify-sms = { $business }: { $code } is your phone confirmation code. Valid { $minutes } min. Never share it; we never ask for it by phone, chat or email.

sign-in-code-subject = Your { $business } sign-in code
sign-in-code-intro = Use this code to finish signing in to your { $business } account:
sign-in-code-sms = { $business }: { $code } is your sign-in code. Valid { $minutes } min. Never share it; we never ask for it by phone, chat or email.

freeze-code-subject = Confirm freezing or unfreezing your { $business } account
freeze-code-intro = Use this code to confirm that you want to freeze or unfreeze your { $business } account:
freeze-code-sms = { $business }: { $code } is your account freeze code. Valid { $minutes } min. Never share it; we never ask for it by phone, chat or email.

## Password reset

password-reset-subject = Reset your { $business } password
password-reset-intro = We received a request to reset the password of your { $business } account. To choose a new password, open this link:
password-reset-button = Choose a new password
password-reset-expires = The link works only once and expires in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
password-reset-not-requested = If you did not ask to reset your password, ignore this message. Your password will stay the same.
never-password = { $business } will never ask for your password by phone, chat or email.
password-reset-sms = { $business }: open this link within { $minutes } min to reset your password. Did not ask for it? Ignore this message.

## Security notices

new-sign-in-subject = New sign-in to your { $business } account
new-sign-in-body = Someone signed in to your { $business } account on { $at } from { $device }.
new-sign-in-sms = { $business }: new sign-in to your account on { $at } from { $device }.

password-changed-subject = Your { $business } password was changed
password-changed-body = The password of your { $business } account was changed on { $at }.
password-changed-sms = { $business }: your password was changed on { $at }.

email-changed-subject = The email address of your { $business } account was changed
email-changed-body = The email address of your { $business } account was changed to { $new } on { $at }. This notice goes to both the old and the new address.
email-changed-sms = { $business }: your account email was changed to { $new } on { $at }.

phone-changed-subject = The phone number of your { $business } account was changed
phone-changed-body = The phone number of your { $business } account was changed to { $new } on { $at }.
phone-changed-sms = { $business }: your account phone number was changed to { $new } on { $at }.

frozen-subject = Your { $business } account is frozen
frozen-body = Your { $business } account was frozen on { $at }. Until it is unfrozen, nobody can sign in to it or change it.
frozen-sms = { $business }: your account was frozen on { $at }. Nobody can sign in until it is unfrozen.

unfrozen-subject = Your { $business } account is unfrozen
unfrozen-body = Your { $business } account was unfrozen on { $at }. Signing in and changes are possible again.
unfrozen-sms = { $business }: your account was unfrozen on { $at }.

## Retention

retention-subject = Your { $business } account will be erased on { $erase_on }
retention-body = Your { $business } account has not been used for a long time. As our privacy policy says, we will erase your personal data on { $erase_on }, keeping only what the law requires us to keep.
retention-keep = To keep your account, simply sign in before that date. If you no longer need it, you do not have to do anything.
retention-sms = { $business }: your unused account will be erased on { $erase_on }. Sign in before then to keep it.
