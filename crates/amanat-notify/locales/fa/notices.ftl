# اعلان‌های مشتری، فارسی.

## سطرهای مشترک

code-expires = این کد پس از { $minutes } دقیقه منقضی می‌شود.
code-never-share = { $business } هرگز این کد را از طریق تلفن، چت یا ایمیل از شما نمی‌خواهد. آن را به هیچ‌کس نگویید.
code-not-requested = اگر این کد را درخواست نکرده‌اید، این پیام را نادیده بگیرید. چیزی تغییر نمی‌کند.
not-you-freeze = اگر این کار را شما انجام نداده‌اید، فوراً حساب خود را مسدود کنید. تا زمانی که حساب مسدود است، هیچ‌کس نمی‌تواند وارد آن شود یا آن را تغییر دهد.
freeze-button = حسابم را مسدود کن
not-you-support = اگر این کار را شما انجام نداده‌اید، فوراً با پشتیبانی { $business } تماس بگیرید.
also-support = همچنین می‌توانید با پشتیبانی { $business } تماس بگیرید:
support-button = تماس با پشتیبانی
if-you-ok = اگر این کار را خودتان انجام داده‌اید، لازم نیست کاری بکنید.
footer-auto = این پیام به‌طور خودکار از طرف { $business } فرستاده شده است. پاسخ‌هایی که به این نشانی فرستاده شوند خوانده نمی‌شوند.
sms-not-you-freeze = شما نبودید؟ حساب را مسدود کنید:
sms-not-you-support = شما نبودید؟ با پشتیبانی تماس بگیرید:
sms-not-you = شما نبودید؟ فوراً با پشتیبانی { $business } تماس بگیرید.

## کدهای یک‌بارمصرف

email-verify-subject = تأیید نشانی ایمیل شما در { $business }
email-verify-intro = برای تأیید نشانی ایمیل حساب { $business } خود، از این کد استفاده کنید:
email-verify-sms = { $business }: کد تأیید ایمیل شما { $code } است و { $minutes } دقیقه اعتبار دارد. آن را به کسی نگویید؛ ما هرگز آن را با تلفن، چت یا ایمیل نمی‌خواهیم.

phone-verify-subject = تأیید شماره تلفن شما در { $business }
phone-verify-intro = برای تأیید شماره تلفن حساب { $business } خود، از این کد استفاده کنید:
phone-verify-sms = { $business }: کد تأیید شماره تلفن شما { $code } است و { $minutes } دقیقه اعتبار دارد. آن را به کسی نگویید؛ ما هرگز آن را با تلفن، چت یا ایمیل نمی‌خواهیم.

sign-in-code-subject = کد ورود شما به { $business }
sign-in-code-intro = برای کامل کردن ورود به حساب { $business } خود، از این کد استفاده کنید:
sign-in-code-sms = { $business }: کد ورود شما { $code } است و { $minutes } دقیقه اعتبار دارد. آن را به کسی نگویید؛ ما هرگز آن را با تلفن، چت یا ایمیل نمی‌خواهیم.

freeze-code-subject = تأیید مسدود کردن یا رفع مسدودی حساب { $business }
freeze-code-intro = برای تأیید اینکه می‌خواهید حساب { $business } خود را مسدود کنید یا از مسدودی خارج کنید، از این کد استفاده کنید:
freeze-code-sms = { $business }: کد مسدود کردن یا رفع مسدودی حساب شما { $code } است و { $minutes } دقیقه اعتبار دارد. آن را به کسی نگویید؛ ما هرگز آن را با تلفن، چت یا ایمیل نمی‌خواهیم.

## بازنشانی رمز عبور

password-reset-subject = بازنشانی رمز عبور { $business }
password-reset-intro = درخواستی برای بازنشانی رمز عبور حساب { $business } شما دریافت کردیم. برای انتخاب رمز عبور تازه، این پیوند را باز کنید:
password-reset-button = انتخاب رمز عبور تازه
password-reset-expires = این پیوند فقط یک بار کار می‌کند و پس از { $minutes } دقیقه منقضی می‌شود.
password-reset-not-requested = اگر درخواست بازنشانی رمز عبور نداده‌اید، این پیام را نادیده بگیرید. رمز عبور شما تغییر نمی‌کند.
never-password = { $business } هرگز رمز عبور شما را از طریق تلفن، چت یا ایمیل نمی‌خواهد.
password-reset-sms = { $business }: برای بازنشانی رمز عبور، این پیوند را ظرف { $minutes } دقیقه باز کنید. اگر درخواست نداده‌اید، این پیام را نادیده بگیرید.

## اعلان‌های امنیتی

new-sign-in-subject = ورود تازه به حساب { $business } شما
new-sign-in-body = کسی در { $at } با { $device } وارد حساب { $business } شما شد.
new-sign-in-sms = { $business }: ورود تازه به حساب شما در { $at } با { $device }.

password-changed-subject = رمز عبور { $business } شما تغییر کرد
password-changed-body = رمز عبور حساب { $business } شما در { $at } تغییر کرد.
password-changed-sms = { $business }: رمز عبور شما در { $at } تغییر کرد.

email-changed-subject = نشانی ایمیل حساب { $business } شما تغییر کرد
email-changed-body = نشانی ایمیل حساب { $business } شما در { $at } به { $new } تغییر کرد. این اعلان هم به نشانی قبلی و هم به نشانی تازه فرستاده می‌شود.
email-changed-sms = { $business }: ایمیل حساب شما در { $at } به { $new } تغییر کرد.

phone-changed-subject = شماره تلفن حساب { $business } شما تغییر کرد
phone-changed-body = شماره تلفن حساب { $business } شما در { $at } به { $new } تغییر کرد.
phone-changed-sms = { $business }: شماره تلفن حساب شما در { $at } به { $new } تغییر کرد.

frozen-subject = حساب { $business } شما مسدود شد
frozen-body = حساب { $business } شما در { $at } مسدود شد. تا زمانی که از مسدودی خارج نشود، هیچ‌کس نمی‌تواند وارد آن شود یا آن را تغییر دهد.
frozen-sms = { $business }: حساب شما در { $at } مسدود شد. تا رفع مسدودی، کسی نمی‌تواند وارد آن شود.

unfrozen-subject = حساب { $business } شما از مسدودی خارج شد
unfrozen-body = حساب { $business } شما در { $at } از مسدودی خارج شد. اکنون دوباره می‌توان وارد آن شد و آن را تغییر داد.
unfrozen-sms = { $business }: حساب شما در { $at } از مسدودی خارج شد.
