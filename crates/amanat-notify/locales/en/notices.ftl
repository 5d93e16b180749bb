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

## Privacy requests and the use of personal data
# $request is one of access, rectification, erasure, restriction, objection;
# $reason and $kept are codes too. A message that selects on a code is the
# selector and nothing else, each variant a whole sentence, and always keeps
# its *[other] variant for codes it does not know.

privacy-questions = If you have any questions, contact { $business } support.

privacy-received-subject = { $business }: we have received your privacy request
privacy-received-body = { $request ->
    [access] We have received your request for a copy of your personal data.
    [rectification] We have received your request to correct your personal data.
    [erasure] We have received your request to erase your personal data.
    [restriction] We have received your request to restrict the use of your personal data.
    [objection] We have received your objection to the use of your personal data.
   *[other] We have received your request about your personal data.
}
privacy-received-due = We will answer by { $due } at the latest, and we will let you know when it is done.
privacy-received-sms = { $business }: we have received your privacy request and will answer by { $due }.

privacy-extended-subject = { $business }: we need more time for your privacy request
privacy-extended-body = { $request ->
    [access] We are still working on your request for a copy of your personal data.
    [rectification] We are still working on your request to correct your personal data.
    [erasure] We are still working on your request to erase your personal data.
    [restriction] We are still working on your request to restrict the use of your personal data.
    [objection] We are still considering your objection to the use of your personal data.
   *[other] We are still working on your request about your personal data.
}
privacy-extended-reason = { $reason ->
    [complex] Your request is complex, so we need more time to answer it.
    [many_requests] We have received many requests, so we need more time to answer yours.
    [third_party] We need information from a third party that received your data, so we need more time to answer.
   *[other] We need more time to answer it properly.
}
privacy-extended-due = We will now answer by { $due } at the latest. The law allows us to extend the time for an answer only once.
privacy-extended-sms = { $business }: we need more time for your privacy request and will answer by { $due }.

privacy-completed-subject = { $business }: your privacy request is done
privacy-completed-body = { $request ->
    [access] We have completed your request for a copy of your personal data. Your copy is ready in your account, under data export.
    [rectification] We have completed your request: your personal data has been corrected.
    [erasure] We have completed your request: your personal data has been erased.
    [restriction] We have completed your request: from now on we only store your personal data and will not use it in any other way until you or we lift the restriction.
    [objection] We have completed your request: we have stopped using your personal data for the purposes you objected to.
   *[other] We have completed your request about your personal data.
}
privacy-completed-kept = { $kept ->
    [order_references] We keep the references of your orders and payments for as long as accounting law requires.
    [legal_hold] We keep some of your data because an order from a court or an authority requires it.
   *[other] We keep some of your data because the law requires it.
}
privacy-completed-last = This is the last email you will receive from { $business }.
privacy-completed-sms = { $request ->
    [access] { $business }: your copy of your personal data is ready in your account.
    [rectification] { $business }: your personal data has been corrected.
    [erasure] { $business }: your personal data has been erased. This is our last message to you.
    [restriction] { $business }: the use of your personal data is now restricted.
    [objection] { $business }: we have stopped using your data for the purposes you objected to.
   *[other] { $business }: your privacy request is done.
}

privacy-refused-subject = { $business }: we cannot carry out your privacy request
privacy-refused-body = { $request ->
    [access] We cannot carry out your request for a copy of your personal data.
    [rectification] We cannot carry out your request to correct your personal data.
    [erasure] We cannot carry out your request to erase your personal data.
    [restriction] We cannot carry out your request to restrict the use of your personal data.
    [objection] We cannot accept your objection to the use of your personal data.
   *[other] We cannot carry out your request about your personal data.
}
privacy-refused-reason = { $reason ->
    [identity_not_verified] The reason: we could not verify that the request comes from you.
    [manifestly_unfounded] The reason: the request is clearly unfounded.
    [excessive] The reason: the request is excessive, for example because it repeats earlier requests.
    [legal_hold] The reason: an order from a court or an authority requires us to keep this data.
    [legal_obligation] The reason: a law requires us to keep or use this data.
    [not_applicable] The reason: this right does not apply to this data or to the purpose we use it for.
   *[other] We have looked at your request carefully, but we cannot carry it out in this case.
}
privacy-complain = You have the right to complain to the data protection supervisory authority.
# Followed by a line naming the authority.
privacy-complain-named = You have the right to complain to the data protection supervisory authority:
privacy-court = You can also take the matter to court.
privacy-refused-sms = { $business }: we cannot carry out your privacy request. You have the right to complain to the data protection authority.

restricted-subject = { $business }: the use of your personal data is restricted
restricted-body = From { $at }, the processing of your personal data is restricted: we keep your data but do not use it, except to defend legal claims, with your consent, or when the law requires it.
restricted-sms = { $business }: from { $at } we only keep your data and do not use it, except for legal claims, with your consent or when the law requires.

restriction-lifted-subject = { $business }: the restriction on your personal data has ended
restriction-lifted-body = The restriction on the processing of your personal data ended on { $at }. We use your data again for the purposes described in our privacy policy.
restriction-lifted-sms = { $business }: the restriction on your data ended on { $at }. We use it again as our privacy policy describes.

lawful-disclosure-subject = { $business }: we disclosed part of your personal data to an authority
lawful-disclosure-body = On { $at }, as the law requires, we disclosed part of your personal data to { $authority } under the legal order with reference { $reference }.
lawful-disclosure-list = The list of what was disclosed is on your transparency page and in your data export.
lawful-disclosure-sms = { $business }: on { $at }, as the law requires, we disclosed part of your data to { $authority }. Details are in your account.
