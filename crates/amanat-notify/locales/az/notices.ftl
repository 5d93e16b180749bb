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

## Məxfilik sorğuları və şəxsi məlumatlardan istifadə

privacy-questions = Sualınız olarsa, { $business } dəstək xidməti ilə əlaqə saxlayın.

privacy-received-subject = { $business }: məxfilik sorğunuzu aldıq
privacy-received-body = { $request ->
    [access] Şəxsi məlumatlarınızın surətini almaq üçün sorğunuzu aldıq.
    [rectification] Şəxsi məlumatlarınızın düzəldilməsi üçün sorğunuzu aldıq.
    [erasure] Şəxsi məlumatlarınızın silinməsi üçün sorğunuzu aldıq.
    [restriction] Şəxsi məlumatlarınızdan istifadənin məhdudlaşdırılması üçün sorğunuzu aldıq.
    [objection] Şəxsi məlumatlarınızdan istifadəyə etirazınızı aldıq.
   *[other] Şəxsi məlumatlarınızla bağlı sorğunuzu aldıq.
}
privacy-received-due = Ən gec { $due } tarixinədək cavab verəcəyik və iş başa çatanda sizə xəbər verəcəyik.
privacy-received-sms = { $business }: məxfilik sorğunuzu aldıq və ən gec { $due } tarixinədək cavab verəcəyik.

privacy-extended-subject = { $business }: məxfilik sorğunuz üçün bizə daha çox vaxt lazımdır
privacy-extended-body = { $request ->
    [access] Şəxsi məlumatlarınızın surəti ilə bağlı sorğunuz üzərində hələ də işləyirik.
    [rectification] Şəxsi məlumatlarınızın düzəldilməsi ilə bağlı sorğunuz üzərində hələ də işləyirik.
    [erasure] Şəxsi məlumatlarınızın silinməsi ilə bağlı sorğunuz üzərində hələ də işləyirik.
    [restriction] Şəxsi məlumatlarınızdan istifadənin məhdudlaşdırılması ilə bağlı sorğunuz üzərində hələ də işləyirik.
    [objection] Şəxsi məlumatlarınızdan istifadəyə etirazınızı hələ də nəzərdən keçiririk.
   *[other] Şəxsi məlumatlarınızla bağlı sorğunuz üzərində hələ də işləyirik.
}
privacy-extended-reason = { $reason ->
    [complex] Sorğunuz mürəkkəb olduğundan ona cavab vermək üçün bizə daha çox vaxt lazımdır.
    [many_requests] Çoxlu sorğu aldığımızdan sizinkinə cavab vermək üçün bizə daha çox vaxt lazımdır.
    [third_party] Məlumatlarınızın ötürüldüyü üçüncü tərəfdən izahat almalıyıq, buna görə də cavab vermək üçün bizə daha çox vaxt lazımdır.
   *[other] Sorğunuza lazımi qaydada cavab vermək üçün bizə daha çox vaxt lazımdır.
}
privacy-extended-due = İndi ən gec { $due } tarixinədək cavab verəcəyik. Qanun cavab müddətinin yalnız bir dəfə uzadılmasına icazə verir.
privacy-extended-sms = { $business }: məxfilik sorğunuz üçün bizə daha çox vaxt lazımdır, ən gec { $due } tarixinədək cavab verəcəyik.

privacy-completed-subject = { $business }: məxfilik sorğunuz yerinə yetirildi
privacy-completed-body = { $request ->
    [access] Şəxsi məlumatlarınızın surəti ilə bağlı sorğunuz yerinə yetirildi. Surət hesabınızda, məlumatların ixracı bölməsində hazırdır.
    [rectification] Sorğunuz yerinə yetirildi: şəxsi məlumatlarınız düzəldildi.
    [erasure] Sorğunuz yerinə yetirildi: şəxsi məlumatlarınız silindi.
    [restriction] Sorğunuz yerinə yetirildi: bundan sonra şəxsi məlumatlarınızı yalnız saxlayırıq və məhdudiyyəti siz və ya biz aradan qaldırana qədər onlardan başqa heç bir şəkildə istifadə etməyəcəyik.
    [objection] Sorğunuz yerinə yetirildi: etiraz etdiyiniz məqsədlər üçün şəxsi məlumatlarınızdan istifadəni dayandırdıq.
   *[other] Şəxsi məlumatlarınızla bağlı sorğunuz yerinə yetirildi.
}
privacy-completed-kept = { $kept ->
    [order_references] Sifarişlərinizin və ödənişlərinizin istinad nömrələrini mühasibat uçotu qanunvericiliyinin tələb etdiyi müddət ərzində saxlayırıq.
    [legal_hold] Məhkəmənin və ya dövlət orqanının qərarı tələb etdiyi üçün məlumatlarınızın bir hissəsini saxlayırıq.
   *[other] Qanun tələb etdiyi üçün məlumatlarınızın bir hissəsini saxlayırıq.
}
privacy-completed-last = Bu, { $business } tərəfindən sizə göndərilən sonuncu məktubdur.
privacy-completed-sms = { $request ->
    [access] { $business }: şəxsi məlumatlarınızın surəti hesabınızda hazırdır.
    [rectification] { $business }: şəxsi məlumatlarınız düzəldildi.
    [erasure] { $business }: şəxsi məlumatlarınız silindi. Bu, bizdən sizə sonuncu mesajdır.
    [restriction] { $business }: şəxsi məlumatlarınızdan istifadə artıq məhdudlaşdırılıb.
    [objection] { $business }: etiraz etdiyiniz məqsədlər üçün məlumatlarınızdan istifadəni dayandırdıq.
   *[other] { $business }: məxfilik sorğunuz yerinə yetirildi.
}

privacy-refused-subject = { $business }: məxfilik sorğunuzu yerinə yetirə bilmirik
privacy-refused-body = { $request ->
    [access] Şəxsi məlumatlarınızın surəti ilə bağlı sorğunuzu yerinə yetirə bilmirik.
    [rectification] Şəxsi məlumatlarınızın düzəldilməsi ilə bağlı sorğunuzu yerinə yetirə bilmirik.
    [erasure] Şəxsi məlumatlarınızın silinməsi ilə bağlı sorğunuzu yerinə yetirə bilmirik.
    [restriction] Şəxsi məlumatlarınızdan istifadənin məhdudlaşdırılması ilə bağlı sorğunuzu yerinə yetirə bilmirik.
    [objection] Şəxsi məlumatlarınızdan istifadəyə etirazınızı qəbul edə bilmirik.
   *[other] Şəxsi məlumatlarınızla bağlı sorğunuzu yerinə yetirə bilmirik.
}
privacy-refused-reason = { $reason ->
    [identity_not_verified] Səbəb: sorğunun məhz sizdən gəldiyini təsdiqləyə bilmədik.
    [manifestly_unfounded] Səbəb: sorğu açıq-aşkar əsassızdır.
    [excessive] Səbəb: sorğu həddindən artıqdır, məsələn, əvvəlki sorğuları təkrarlayır.
    [legal_hold] Səbəb: məhkəmənin və ya dövlət orqanının qərarı bu məlumatları saxlamağımızı tələb edir.
    [legal_obligation] Səbəb: qanun bu məlumatları saxlamağımızı və ya onlardan istifadə etməyimizi tələb edir.
    [not_applicable] Səbəb: bu hüquq həmin məlumatlara və ya onlardan istifadə məqsədinə şamil edilmir.
   *[other] Sorğunuzu diqqətlə nəzərdən keçirdik, lakin bu halda onu yerinə yetirə bilmirik.
}
privacy-complain = Şəxsi məlumatların qorunmasına nəzarət edən orqana şikayət etmək hüququnuz var.
privacy-complain-named = Şəxsi məlumatların qorunmasına nəzarət edən orqana şikayət etmək hüququnuz var:
privacy-court = Həmçinin məhkəməyə müraciət edə bilərsiniz.
privacy-refused-sms = { $business }: məxfilik sorğunuzu yerinə yetirə bilmirik. Məlumatların qorunmasına nəzarət edən orqana şikayət etmək hüququnuz var.

restricted-subject = { $business }: şəxsi məlumatlarınızdan istifadə məhdudlaşdırıldı
restricted-body = { $at } tarixindən etibarən şəxsi məlumatlarınızın emalı məhdudlaşdırılıb: məlumatlarınızı saxlayırıq, lakin onlardan istifadə etmirik. İstisna yalnız hüquqi iddiaların müdafiəsi, sizin razılığınız və ya qanunun tələb etdiyi hallardır.
restricted-sms = { $business }: { $at } tarixindən məlumatlarınızı yalnız saxlayırıq; hüquqi iddialar, razılığınız və ya qanunun tələbi istisna olmaqla onlardan istifadə etmirik.

restriction-lifted-subject = { $business }: şəxsi məlumatlarınıza qoyulan məhdudiyyət aradan qaldırıldı
restriction-lifted-body = Şəxsi məlumatlarınızın emalına qoyulan məhdudiyyət { $at } tarixində başa çatdı. Məlumatlarınızdan yenidən məxfilik siyasətimizdə göstərilən məqsədlər üçün istifadə edirik.
restriction-lifted-sms = { $business }: məlumatlarınıza qoyulan məhdudiyyət { $at } tarixində başa çatdı. Onlardan yenidən məxfilik siyasətimizə uyğun istifadə edirik.

lawful-disclosure-subject = { $business }: şəxsi məlumatlarınızın bir hissəsini dövlət orqanına təqdim etdik
lawful-disclosure-body = Qanunun tələbinə uyğun olaraq, { $at } tarixində { $reference } istinad nömrəli hüquqi qərar əsasında şəxsi məlumatlarınızın bir hissəsini bu orqana təqdim etdik: { $authority }.
lawful-disclosure-list = Nələrin təqdim edildiyinin siyahısı şəffaflıq səhifənizdə və məlumatlarınızın ixracındadır.
lawful-disclosure-sms = { $business }: qanunun tələbi ilə { $at } tarixində məlumatlarınızın bir hissəsini bu orqana təqdim etdik: { $authority }. Ətraflı məlumat hesabınızdadır.
