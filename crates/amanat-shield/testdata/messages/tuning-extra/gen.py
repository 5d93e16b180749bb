# Extra tuning messages written for the families fixed in round 3 (money to a third party,
# returns promises, cover stories, conditional clauses, compounds). Tuning data, not held out.
import json
S, L = "scam", "legit"
data = {
"en": [
 (S, "Security team: your account shows a fraud attempt. Move your money to a secure account now, our officer will give you the details."),
 (S, "Mum my phone broke, this is my new number. Can you transfer 300 to my friend's account today? I'll explain later x"),
 (S, "Invest 100 USD now and receive 1,000 USD in 7 days. Our trading group pays daily profit, message me to join."),
 (S, "Your parcel is held. Pay the 2.50 clearance charge to card 4521 8890 1122 3344 within 24 hours or it will be returned."),
 (S, "Hi, it's your account manager. To release your bonus, send 50 USDT to the wallet address I sent you, minimum deposit only."),
 (S, "We detected a payment of 380 AZN. If this wasn't you, cancel it at odero-refund.info within 1 hour."),
 (S, "[Call] This is Odero support. A code will come to your phone now, just read it to me so I can stop the charge."),
 (S, "Bank alert: your card is frozen. Account number for the unlock fee: 4400 1234 5678 90, pay today."),
 (L, "Odero: we sent 200 AZN to your friend's card as you asked. Receipt at odero.az/orders."),
 (L, "Your login failed: wrong password entered 3 times. Reset it at odero.az if needed."),
 (L, "Free delivery on all orders this week at odero.az, no fee for returns."),
 (L, "Hey, can you send me the photos from Saturday? The link didn't work."),
 (L, "If you did not request this code, ignore this message. Odero will never ask for it."),
 (L, "Your savings account earned 12.40 AZN interest this month. Details in the Odero app."),
 (L, "Reminder: your gym membership renews on 3 May, fee 45 AZN. Manage it at fitbaku.az."),
 (L, "Pizza night! Put 10 AZN in the jar for the office order, thanks."),
 (L, "Hi! Can you send 20 AZN to my card 4169 7388 1122 3344 for the concert tickets? Thanks"),
 (L, "Odero order 4412: 2 items for 15 AZN, total 45 AZN with a free gift."),
],
"az": [
 (S, "Bankınızdan narahat edirik: hesabınızda şübhəli əməliyyat var. Pulunuzu təhlükəsiz hesaba köçürün, əməkdaşımız məlumat verəcək."),
 (S, "Ana, telefonum xarab oldu, bu yeni nömrəmdir. Dostumun kartına 200 AZN göndərə bilərsən? Sonra izah edəcəm."),
 (S, "Bu gün 100 USD yatırın, 7 gün sonra 1000 USD alın! VIP qrupumuza qoşulun, gəlir zəmanətlidir."),
 (S, "Bağlamanız saxlanılıb. 3 AZN gömrük rüsumunu 4169 7388 1122 3344 kartına 24 saat ərzində ödəyin."),
 (S, "Siz etməmisinizsə 380 AZN ödənişi ləğv etmək üçün odero-legv.info keçidinə daxil olun."),
 (S, "[Zəng] Odero dəstəyi: telefonunuza kod gələcək, zəhmət olmasa mənə oxuyun ki, ödənişi dayandıraq."),
 (L, "Odero: dostunuzun kartına 200 AZN köçürüldü. Qəbz odero.az-da."),
 (L, "Giriş alınmadı: şifrə 3 dəfə səhv daxil edilib. Lazım olsa odero.az-da şifrəni yeniləyin."),
 (L, "Bu həftə odero.az-da bütün sifarişlərə pulsuz çatdırılma."),
 (L, "Kodu siz tələb etməmisinizsə, bu mesajı nəzərə almayın. Odero heç vaxt kodu soruşmur."),
 (L, "Əmanət hesabınıza bu ay 12.40 AZN faiz hesablandı. Ətraflı Odero tətbiqində."),
 (L, "Salam, şənbə günkü şəkilləri mənə göndərə bilərsən?"),
],
"fa": [
 (S, "از بانک تماس می‌گیریم: حساب شما در خطر است. موجودی خود را منتقل کنید به حساب امن که کارشناس ما می‌دهد."),
 (S, "مامان گوشیم خراب شده این شماره جدیدمه. می‌تونی ۲ میلیون به کارت دوستم بریزی؟ بعدا توضیح میدم."),
 (S, "امروز ۱ میلیون سرمایه گذاری کنید و یک هفته بعد ۱۰ میلیون بگیرید! سود روزانه تضمینی."),
 (S, "مرسوله شما توقیف شد. هزینه ترخیص ۵۰ هزار تومان را به کارت ۶۰۳۷۹۹۱۱۲۲۳۳۴۴۵۵ تا امروز واریز کنید."),
 (S, "[تماس] پشتیبانی دیجی‌کالا: الان یک کد برایتان می‌آید، لطفا کد را بخوانید تا سفارش لغو شود."),
 (L, "دیجی‌کالا: مبلغ ۲ میلیون تومان به کارت دوستتان منتقل شد. رسید در digikala.ir."),
 (L, "ورود ناموفق: رمز اشتباه ۳ بار وارد شد. در صورت نیاز از digikala.ir رمز را بازیابی کنید."),
 (L, "ارسال رایگان برای همه سفارش‌ها در این هفته از digikala.ir."),
 (L, "اگر این کد را درخواست نکرده اید، پیام را نادیده بگیرید. دیجی‌کالا هرگز کد را نمی‌خواهد."),
 (L, "سود حساب پس انداز شما این ماه ۱۲۰ هزار تومان بود."),
],
"ar": [
 (S, "من البنك: حسابك معرض للاختراق. انقل أموالك إلى حساب آمن الآن وسيزودك موظفنا بالتفاصيل."),
 (S, "ماما تلفوني خربان وهذا رقمي الجديد. تقدرين تحولين 100 ريال على بطاقة صديقي؟ بشرح لك بعدين."),
 (S, "استثمر 100 ريال اليوم واحصل على 1000 ريال بعد أسبوع! أرباح يومية مضمونة في مجموعة vip."),
 (S, "شحنتك محتجزة. ادفع رسوم التخليص 2 ريال إلى البطاقة 4521 8890 1122 3344 خلال 24 ساعة."),
 (S, "[مكالمة] دعم عمانتل: سيصلك رمز الآن، اقرأه لي من فضلك لإيقاف الخصم."),
 (L, "عمانتل: تم تحويل 20 ريال إلى بطاقة صديقك بنجاح. الإيصال في omantel.om."),
 (L, "فشل تسجيل الدخول: كلمة مرور خاطئة 3 مرات. أعد تعيينها من omantel.om عند الحاجة."),
 (L, "توصيل مجاني لكل الطلبات هذا الأسبوع من omantel.om."),
 (L, "إذا لم تطلب هذا الرمز فتجاهل الرسالة. عمانتل لن تطلب الرمز أبداً."),
 (L, "أرباح حساب التوفير لهذا الشهر 3 ريال. التفاصيل في التطبيق."),
],
"vi": [
 (S, "Ngân hàng thông báo: tài khoản của bạn có dấu hiệu bị xâm nhập. Chuyển toàn bộ tiền tiết kiệm vào tài khoản an toàn do cán bộ cung cấp."),
 (S, "Mẹ ơi điện thoại con hỏng, đây là số mới. Mẹ chuyển giúp con 3 triệu vào thẻ bạn mình nhé, giải thích sau."),
 (S, "Đầu tư 1 triệu hôm nay, nhận 10 triệu sau 7 ngày! Nhóm VIP lợi nhuận mỗi ngày, cam kết không rủi ro."),
 (S, "Bưu kiện bị giữ. Nộp phí thông quan 50.000đ vào STK 0071 0012 3456 7 Vietcombank trong hôm nay."),
 (S, "[Cuộc gọi] Hỗ trợ McQuang: sắp có mã gửi về máy, anh đọc lại cho em để hủy giao dịch nhé."),
 (L, "McQuang: đã chuyển 3.000.000đ vào thẻ bạn của bạn theo yêu cầu. Biên nhận tại mcquang.vn."),
 (L, "Đăng nhập không thành công do nhập sai mật khẩu 3 lần. Đặt lại tại mcquang.vn nếu cần."),
 (L, "Miễn phí vận chuyển mọi đơn tuần này tại mcquang.vn, đổi trả miễn phí."),
 (L, "Nếu bạn không yêu cầu mã này, hãy bỏ qua tin nhắn. McQuang không bao giờ hỏi mã."),
 (L, "Chúc mừng sinh nhật! Tặng bạn ly cà phê miễn phí hôm nay tại cửa hàng McQuang."),
 (L, "Mẹ ơi con hết tiền ăn, mẹ chuyển cho con 500k vào STK 1903 4455 6677 88 nhé."),
 (L, "Tháng này lãi tiết kiệm của bạn là 120.000đ, gửi 10 triệu nhận lãi 5%."),
],
}

# Second batch, written after the first rules were in (probes of the same families).
data["en"] += [
 (S, "Dad, I'm at the airport and my card was declined. Can you transfer 150 to my friend's account? Will explain later."),
 (S, 'Crypto mining pool: invest 200 USDT and withdraw 2,000 USDT in 14 days. Join on Telegram @minepool_vip'),
 (L, 'Your savings plan: deposit 100 AZN monthly and receive 1,300 AZN after a year.'),
 (L, "Hi team, please transfer the 30 AZN for Ali's gift to my card by Friday."),
 (L, 'Warning: scammers ask you to move your money to a "safe account". Odero never does this.'),
]
data["az"] += [
 (S, 'Ana, telefonum xarab oldu. Bu nömrədən yazıram, 300 AZN bu karta göndər: 4169 7388 1122 3344, təcilidir.'),
 (L, 'Kapital Bank: əmanət hesabınıza 100 AZN yatırın, il sonunda 108 AZN alın. Ətraflı kapitalbank.az'),
 (L, 'Dələduzlar pulunuzu təhlükəsiz hesaba köçürməyi xahiş edir. Odero heç vaxt bunu etmir.'),
]
data["fa"] += [
 (S, 'پدر جان گوشیم خراب شده، ۳ میلیون به این کارت بریز ۶۰۳۷۹۹۱۱۲۲۳۳۴۴۵۵ فوری لازمه.'),
 (L, 'کلاهبرداران از شما می\u200cخواهند پولتان را به حساب امن منتقل کنید. دیجی\u200cکالا هرگز چنین درخواستی نمی\u200cکند.'),
 (L, 'سلام، سهم ناهار ۲۰۰ هزار تومان رو به کارت من بریز ۶۰۳۷۹۹۱۱۲۲۳۳۴۴۵۵ ممنون'),
]
data["ar"] += [
 (S, 'يا أمي هذا رقمي الجديد، حولي 200 ريال على هالحساب 0123456789012 ضروري.'),
 (L, 'المحتالون يطلبون منك نقل أموالك إلى حساب آمن. عمانتل لا تطلب ذلك أبداً.'),
 (L, 'مرحبا، حول لي 10 ريال حق العشاء على بطاقتي 4098 5844 1010 2020 شكراً'),
]
data["vi"] += [
 (S, 'Đầu tư tiền ảo: nạp 2 triệu, rút về 20 triệu sau 5 ngày. Liên hệ Zalo 0912 345 678.'),
 (L, 'Cảnh báo: kẻ gian yêu cầu chuyển tiền vào tài khoản an toàn. McQuang không bao giờ yêu cầu như vậy.'),
 (L, 'Bạn ơi chuyển mình 200k tiền ăn trưa vào STK 1903 4455 6677 88 nhé, cảm ơn.'),
]

# Third batch: another bank's 'new device, if this wasn't you' notice (legitimate).
data["en"] += [(L, "Kapital Bank: new device login. If this wasn't you, call +994 12 598 12 12 and block your card.")]
data["az"] += [(L, 'ABB: yeni cihazdan giriş. Siz deyilsinizsə, +994 12 937 00 00 nömrəsinə zəng edib kartı bloklayın.')]
data["fa"] += [(L, 'بانک ملت: ورود از دستگاه جدید. اگر شما نبودید با ۰۲۱۸۴۸۰۰۰۰۰ تماس بگیرید و کارت را مسدود کنید.')]
data["ar"] += [(L, 'بنك مسقط: تسجيل دخول من جهاز جديد. إذا لم تكن أنت اتصل على +968 2479 5555 لإيقاف بطاقتك.')]
data["vi"] += [(L, 'Vietcombank: đăng nhập từ thiết bị mới. Nếu không phải bạn, gọi 1900 545413 để khóa thẻ.')]
for lang, rows in data.items():
    with open(f"{lang}.jsonl", "w", encoding="utf-8") as f:
        for label, text in rows:
            f.write(json.dumps({"label": label, "text": text}, ensure_ascii=False) + "\n")
