# Müştəri bildirişləri, Azərbaycan dili (latın əlifbası).

## Ümumi sətirlər

code-expires = Kod { $minutes } dəqiqə ərzində etibarlıdır.
code-never-share = { $business } bu kodu sizdən heç vaxt telefonla, çatda və ya e-poçtla istəməyəcək. Kodu heç kimə deməyin.
code-not-requested = Bu kodu siz istəməmisinizsə, bu məktubu nəzərə almayın. Heç nə dəyişməyəcək.
not-you-freeze = Bunu siz etməmisinizsə, hesabınızı dərhal dondurun. Hesab dondurulmuş qaldığı müddətdə heç kim ona daxil ola və onu dəyişə bilməz.
freeze-button = Hesabımı dondur
not-you-support = Bunu siz etməmisinizsə, dərhal { $business } dəstək xidməti ilə əlaqə saxlayın.
also-support = { $business } dəstək xidməti ilə də əlaqə saxlaya bilərsiniz:
support-button = Dəstək xidməti ilə əlaqə
if-you-ok = Bunu siz etmisinizsə, heç nə etməyinizə ehtiyac yoxdur.
footer-auto = Bu, { $business } tərəfindən avtomatik göndərilmiş məktubdur. Bu ünvana yazılan cavablar oxunmur.
sms-not-you-freeze = Siz deyilsiniz? Hesabı dondurun:
sms-not-you-support = Siz deyilsiniz? Dəstəyə yazın:
sms-not-you = Siz deyilsiniz? Dərhal { $business } dəstəyinə müraciət edin.

## Birdəfəlik kodlar

email-verify-subject = { $business }: e-poçt ünvanınızı təsdiqləyin
email-verify-intro = { $business } hesabınızın e-poçt ünvanını təsdiqləmək üçün bu koddan istifadə edin:
email-verify-sms = { $business }: e-poçtu təsdiqləmək üçün kodunuz { $code }. { $minutes } dəq. etibarlıdır. Heç kimə deməyin; biz onu heç vaxt telefonla, çatda və ya e-poçtla soruşmuruq.

phone-verify-subject = { $business }: telefon nömrənizi təsdiqləyin
phone-verify-intro = { $business } hesabınızın telefon nömrəsini təsdiqləmək üçün bu koddan istifadə edin:
phone-verify-sms = { $business }: telefon nömrəsini təsdiqləmək üçün kodunuz { $code }. { $minutes } dəq. etibarlıdır. Heç kimə deməyin; biz onu heç vaxt telefonla, çatda və ya e-poçtla soruşmuruq.

sign-in-code-subject = { $business } hesabına giriş kodunuz
sign-in-code-intro = { $business } hesabınıza girişi başa çatdırmaq üçün bu koddan istifadə edin:
sign-in-code-sms = { $business }: giriş kodunuz { $code }. { $minutes } dəq. etibarlıdır. Heç kimə deməyin; biz onu heç vaxt telefonla, çatda və ya e-poçtla soruşmuruq.

freeze-code-subject = { $business } hesabınızın dondurulmasını və ya açılmasını təsdiqləyin
freeze-code-intro = { $business } hesabınızı dondurmaq və ya yenidən açmaq istədiyinizi təsdiqləmək üçün bu koddan istifadə edin:
freeze-code-sms = { $business }: hesabı dondurmaq və ya açmaq üçün kodunuz { $code }. { $minutes } dəq. etibarlıdır. Heç kimə deməyin; biz onu heç vaxt telefonla, çatda və ya e-poçtla soruşmuruq.

## Parolun sıfırlanması

password-reset-subject = { $business }: parolun sıfırlanması
password-reset-intro = { $business } hesabınızın parolunu sıfırlamaq üçün sorğu aldıq. Yeni parol seçmək üçün bu keçidi açın:
password-reset-button = Yeni parol seçin
password-reset-expires = Keçid yalnız bir dəfə işləyir və { $minutes } dəqiqə sonra etibarsız olur.
password-reset-not-requested = Parolu sıfırlamağı siz istəməmisinizsə, bu məktubu nəzərə almayın. Parolunuz dəyişməyəcək.
never-password = { $business } parolunuzu sizdən heç vaxt telefonla, çatda və ya e-poçtla soruşmayacaq.
password-reset-sms = { $business }: parolu sıfırlamaq üçün bu keçidi { $minutes } dəq. ərzində açın. Siz istəməmisinizsə, bu mesajı nəzərə almayın.

## Təhlükəsizlik bildirişləri

new-sign-in-subject = { $business } hesabınıza yeni giriş
new-sign-in-body = { $at } tarixində { $device } vasitəsilə { $business } hesabınıza daxil olunub.
new-sign-in-sms = { $business }: { $at } tarixində { $device } vasitəsilə hesabınıza daxil olunub.

password-changed-subject = { $business } parolunuz dəyişdirildi
password-changed-body = { $business } hesabınızın parolu { $at } tarixində dəyişdirilib.
password-changed-sms = { $business }: parolunuz { $at } tarixində dəyişdirilib.

email-changed-subject = { $business } hesabınızın e-poçt ünvanı dəyişdirildi
email-changed-body = { $business } hesabınızın e-poçt ünvanı { $at } tarixində { $new } olaraq dəyişdirilib. Bu bildiriş həm köhnə, həm də yeni ünvana göndərilir.
email-changed-sms = { $business }: hesabınızın e-poçtu { $at } tarixində { $new } olaraq dəyişdirilib.

phone-changed-subject = { $business } hesabınızın telefon nömrəsi dəyişdirildi
phone-changed-body = { $business } hesabınızın telefon nömrəsi { $at } tarixində { $new } olaraq dəyişdirilib.
phone-changed-sms = { $business }: hesabınızın telefon nömrəsi { $at } tarixində { $new } olaraq dəyişdirilib.

frozen-subject = { $business } hesabınız donduruldu
frozen-body = { $business } hesabınız { $at } tarixində dondurulub. Hesab yenidən açılana qədər heç kim ona daxil ola və onu dəyişə bilməz.
frozen-sms = { $business }: hesabınız { $at } tarixində dondurulub. Açılana qədər heç kim daxil ola bilməz.

unfrozen-subject = { $business } hesabınız yenidən açıldı
unfrozen-body = { $business } hesabınız { $at } tarixində yenidən açılıb. Artıq yenə daxil olmaq və dəyişiklik etmək mümkündür.
unfrozen-sms = { $business }: hesabınız { $at } tarixində yenidən açılıb.

## Saxlama müddəti

retention-subject = { $business } hesabınız { $erase_on } tarixində silinəcək
retention-body = { $business } hesabınızdan uzun müddətdir istifadə olunmur. Məxfilik siyasətimizə uyğun olaraq, şəxsi məlumatlarınızı { $erase_on } tarixində siləcəyik; yalnız qanunun saxlamağı tələb etdiyi məlumatlar qalacaq.
retention-keep = Hesabınızı saxlamaq üçün həmin tarixdən əvvəl sadəcə daxil olun. Hesaba ehtiyacınız yoxdursa, heç nə etməyinizə gərək yoxdur.
retention-sms = { $business }: istifadə olunmayan hesabınız { $erase_on } tarixində silinəcək. Saxlamaq üçün ondan əvvəl daxil olun.
