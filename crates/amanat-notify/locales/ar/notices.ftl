# إشعارات العملاء، العربية.

## أسطر مشتركة

code-expires = تنتهي صلاحية الرمز بعد { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
   *[other] { $minutes } دقيقة
}.
code-never-share = لن يطلب منك أحد من { $business } هذا الرمز أبدًا عبر الهاتف أو الدردشة أو البريد الإلكتروني. لا تُخبر به أحدًا.
code-not-requested = إذا لم تطلب هذا الرمز، فتجاهل هذه الرسالة. لن يتغير شيء.
not-you-freeze = إذا لم تكن أنت من قام بذلك، فجمِّد حسابك فورًا. ما دام الحساب مجمَّدًا، لا يستطيع أحد تسجيل الدخول إليه أو تغييره.
freeze-button = جمِّد حسابي
not-you-support = إذا لم تكن أنت من قام بذلك، فتواصل مع فريق الدعم لدى { $business } فورًا.
also-support = يمكنك أيضًا التواصل مع فريق الدعم لدى { $business }:
support-button = التواصل مع الدعم
if-you-ok = إذا كنت أنت من قام بذلك، فلا حاجة إلى أي إجراء.
footer-auto = هذه رسالة تلقائية من { $business }. لا تُقرأ الردود المرسلة إلى هذا العنوان.
sms-not-you-freeze = لست أنت؟ جمِّد حسابك:
sms-not-you-support = لست أنت؟ تواصل مع الدعم:
sms-not-you = لست أنت؟ تواصل فورًا مع الدعم لدى { $business }.

## رموز الاستخدام الواحد

email-verify-subject = تأكيد بريدك الإلكتروني لدى { $business }
email-verify-intro = استخدم هذا الرمز لتأكيد عنوان البريد الإلكتروني لحسابك لدى { $business }:
email-verify-sms = { $business }: رمز تأكيد بريدك الإلكتروني هو { $code }، وهو صالح لمدة { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
   *[other] { $minutes } دقيقة
}. لا تُخبر به أحدًا؛ لن نطلبه منك أبدًا عبر الهاتف أو الدردشة أو البريد.

phone-verify-subject = تأكيد رقم هاتفك لدى { $business }
phone-verify-intro = استخدم هذا الرمز لتأكيد رقم الهاتف لحسابك لدى { $business }:
phone-verify-sms = { $business }: رمز تأكيد رقم هاتفك هو { $code }، وهو صالح لمدة { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
   *[other] { $minutes } دقيقة
}. لا تُخبر به أحدًا؛ لن نطلبه منك أبدًا عبر الهاتف أو الدردشة أو البريد.

sign-in-code-subject = رمز تسجيل الدخول إلى { $business }
sign-in-code-intro = استخدم هذا الرمز لإكمال تسجيل الدخول إلى حسابك لدى { $business }:
sign-in-code-sms = { $business }: رمز تسجيل الدخول هو { $code }، وهو صالح لمدة { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
   *[other] { $minutes } دقيقة
}. لا تُخبر به أحدًا؛ لن نطلبه منك أبدًا عبر الهاتف أو الدردشة أو البريد.

freeze-code-subject = تأكيد تجميد حسابك لدى { $business } أو إلغاء تجميده
freeze-code-intro = استخدم هذا الرمز لتأكيد رغبتك في تجميد حسابك لدى { $business } أو إلغاء تجميده:
freeze-code-sms = { $business }: رمز تجميد حسابك أو إلغاء تجميده هو { $code }، وهو صالح لمدة { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
   *[other] { $minutes } دقيقة
}. لا تُخبر به أحدًا؛ لن نطلبه منك أبدًا عبر الهاتف أو الدردشة أو البريد.

## إعادة تعيين كلمة المرور

password-reset-subject = إعادة تعيين كلمة المرور لدى { $business }
password-reset-intro = تلقّينا طلبًا لإعادة تعيين كلمة المرور لحسابك لدى { $business }. لاختيار كلمة مرور جديدة، افتح هذا الرابط:
password-reset-button = اختيار كلمة مرور جديدة
password-reset-expires = يعمل الرابط مرة واحدة فقط، وتنتهي صلاحيته بعد { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
   *[other] { $minutes } دقيقة
}.
password-reset-not-requested = إذا لم تطلب إعادة تعيين كلمة المرور، فتجاهل هذه الرسالة. ستبقى كلمة المرور كما هي.
never-password = لن يطلب منك أحد من { $business } كلمة المرور أبدًا عبر الهاتف أو الدردشة أو البريد الإلكتروني.
password-reset-sms = { $business }: لإعادة تعيين كلمة المرور افتح هذا الرابط خلال { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
   *[other] { $minutes } دقيقة
}. إذا لم تطلب ذلك، فتجاهل هذه الرسالة.

## إشعارات الأمان

new-sign-in-subject = تسجيل دخول جديد إلى حسابك لدى { $business }
new-sign-in-body = سجّل أحدهم الدخول إلى حسابك لدى { $business } في { $at } من { $device }.
new-sign-in-sms = { $business }: تسجيل دخول جديد إلى حسابك في { $at } من { $device }.

password-changed-subject = تم تغيير كلمة المرور لحسابك لدى { $business }
password-changed-body = تم تغيير كلمة المرور لحسابك لدى { $business } في { $at }.
password-changed-sms = { $business }: تم تغيير كلمة المرور لحسابك في { $at }.

email-changed-subject = تم تغيير البريد الإلكتروني لحسابك لدى { $business }
email-changed-body = تم تغيير عنوان البريد الإلكتروني لحسابك لدى { $business } إلى { $new } في { $at }. نرسل هذا الإشعار إلى العنوانين القديم والجديد معًا.
email-changed-sms = { $business }: تم تغيير البريد الإلكتروني لحسابك إلى { $new } في { $at }.

phone-changed-subject = تم تغيير رقم الهاتف لحسابك لدى { $business }
phone-changed-body = تم تغيير رقم الهاتف لحسابك لدى { $business } إلى { $new } في { $at }.
phone-changed-sms = { $business }: تم تغيير رقم هاتف حسابك إلى { $new } في { $at }.

frozen-subject = تم تجميد حسابك لدى { $business }
frozen-body = تم تجميد حسابك لدى { $business } في { $at }. إلى أن يُلغى التجميد، لا يستطيع أحد تسجيل الدخول إليه أو تغييره.
frozen-sms = { $business }: تم تجميد حسابك في { $at }. لا يمكن لأحد تسجيل الدخول حتى يُلغى التجميد.

unfrozen-subject = تم إلغاء تجميد حسابك لدى { $business }
unfrozen-body = تم إلغاء تجميد حسابك لدى { $business } في { $at }. أصبح تسجيل الدخول وإجراء التغييرات ممكنًا من جديد.
unfrozen-sms = { $business }: تم إلغاء تجميد حسابك في { $at }.

## الاحتفاظ بالبيانات

retention-subject = سيُحذف حسابك لدى { $business } في { $erase_on }
retention-body = لم يُستخدم حسابك لدى { $business } منذ مدة طويلة. وكما تنص سياسة الخصوصية، سنحذف بياناتك الشخصية في { $erase_on }، ولن نحتفظ إلا بما يُلزمنا القانون بالاحتفاظ به.
retention-keep = للاحتفاظ بحسابك، يكفي أن تسجّل الدخول قبل هذا التاريخ. وإن لم تعد بحاجة إليه فلا يلزمك فعل أي شيء.
retention-sms = { $business }: سيُحذف حسابك غير المستخدم في { $erase_on }. سجّل الدخول قبل ذلك للاحتفاظ به.
