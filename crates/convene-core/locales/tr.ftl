# Interface strings of the programme documents, in Turkish.
status-preliminary = Ön program
status-final = Kesin program
status-preliminary-note = Saatler hâlâ değişebilir.
kind-mayors-dialogue = Belediye başkanları diyaloğu
kind-interactive-dialogue = Etkileşimli diyalog
kind-thematic-workshop = Tematik çalıştay
kind-plenary = Genel oturum
kind-public-event = Halka açık etkinlik
kind-ceremony = Tören
kind-break = Ara
kind-other = Oturum
format-online = Çevrimiçi
format-on-site = Yüz yüze
format-hybrid = Hibrit
role-moderator = Moderatör
role-speaker = Konuşmacı
role-presenter = Uygulama sunumu
role-chair = Oturum başkanı
role-guest = Konuk
label-date = Tarih:
label-time = Saat:
label-venue = Yer:
label-questions = Sorular:
label-people = Katılımcılar:
label-days = Tarihler ve yerler:
label-continues = Devamı olduğu etkinlikler:
label-zone = Saat dilimi
label-session = Oturum
label-your-time = Sizin saatiniz
time-to-be-confirmed = saat daha sonra bildirilecek
date-to-be-confirmed = tarih ve saat daha sonra bildirilecek
heading-unscheduled = Tarihi daha sonra bildirilecek
day-shift = { $days ->
    [1] +1 gün
    [-1] −1 gün
   *[other] { $shift } gün
}
in-language = { $language } metin
pending-sessions = Saati daha sonra bildirilecek { $count } oturum
language-fr = Fransızca
language-en = İngilizce
language-tr = Türkçe
# Yayımlanan bir sürümden sonrakine neler değişti.
event-change-status = Program durumu değişti
event-change-name = Etkinliğin adı değişti
event-change-zones = Gösterilen saat dilimleri değişti
change-retimed = Saati değişti
change-times-confirmed = Saati kesinleşti
change-times-withdrawn = Saati yeniden daha sonra bildirilecek
change-added = Yeni oturum
change-removed = Programdan çıkarıldı
change-renamed = Başlığı değişti
change-moved = Yeri değişti
change-format-changed = Katılım şekli değişti
change-kind-changed = Oturum türü değişti
change-description-changed = Açıklaması veya soruları değişti
change-people-changed = Katılımcıları değişti
changes-status = { $status ->
    [final] program kesinleşti
   *[other] program yeniden ön program oldu
}
changes-name = etkinliğin adı değişti
changes-zones = gösterilen saat dilimleri değişti
# Türkçede sayıdan sonra ad tekil kalır: çoğul biçimi gerekmez.
changes-retimed = { $count } oturumun saati değişti
changes-times-confirmed = { $count } oturumun saati kesinleşti
changes-times-withdrawn = { $count } oturumun saati yeniden daha sonra bildirilecek
changes-added = { $count } oturum eklendi
changes-removed = { $count } oturum programdan çıkarıldı
changes-renamed = { $count } oturumun başlığı değişti
changes-moved = { $count } oturumun yeri değişti
changes-format-changed = { $count } oturumun katılım şekli değişti
changes-kind-changed = { $count } oturumun türü değişti
changes-description-changed = { $count } oturumun açıklaması veya soruları değişti
changes-people-changed = { $count } oturumun katılımcıları değişti
changes-none = değişiklik yok
# `convene check` komutunun programın bütününde bulduğu sorunlar: `check-{code}` neyin yanlış olduğunu,
# `check-{code}-help` neyin doğru olacağını söyler. Bir kodun birden çok söylenişi varsa `$case` seçer.
check-undeclared-language = { $case ->
    [source] kaynak dil "{ $language }", `languages` listesinde yok
   *[text] `{ $path }` alanında "{ $language }" dilinde bir metin var, ama bu dil etkinliğin dilleri arasında yok
}
check-undeclared-language-help = { $case ->
    [source] "{ $language }" dilini `languages` listesine ekleyin
   *[text] "{ $language }" dilini `event.languages` listesine ekleyin (şu an: { $declared }) ya da dil kodunu düzeltin
}
check-duplicate = { $case ->
    [person] "{ $person }", "{ $session }" oturumunda iki kez geçiyor
    [zone] "{ $zone }" saat dilimi listede iki kez geçiyor
    [day] { $date } günü listede iki kez geçiyor
   *[language] "{ $language }" dili listede iki kez geçiyor
}
check-duplicate-help = { $case ->
    [person] her kişiyi bir oturumda bir kez yazın
    [zone] gösterilecek her saat dilimini bir kez yazın
    [day] etkinliğin her gününü bir kez yazın
   *[language] her dili bir kez yazın
}
check-missing-source-text = `{ $path }` alanında kaynak dil olan "{ $language }" dilinde metin yok
check-missing-source-text-help = `{ $path }.{ $language } = "…"` satırını ekleyin
check-missing-translation = `{ $path }` alanının "{ $language }" çevirisi yok
check-missing-translation-help = `{ $key }.{ $language } = "…"` satırını ekleyin
check-host-zone-not-shown = ev sahibi saat dilimi "{ $zone }", gösterilen saat dilimleri arasında yok
check-host-zone-not-shown-help = zone = "{ $zone }" olan bir [[zones]] tablosu ekleyin; etiketi ev sahibi şehrin adı olsun
check-unknown-reference = { $case ->
    [person] [[people]] listesinde "{ $person }" kimlikli kimse yok
    [zone] "{ $session }" oturumu "{ $zone }" saat dilimini gösteriyor, ama bu saat dilimi gösterilen saat dilimleri arasında yok
   *[venue] "{ $venue }" kimlikli bir yer yok
}
check-unknown-reference-help = { $case ->
    [no-people] bu kişiyi bu kimlikle [[people]] listesine ekleyin
    [person] şunlardan birini kullanın: { $people }; ya da bu kişiyi [[people]] listesine ekleyin
    [zone] bu saat dilimini [[zones]] tablolarına ekleyin ya da onlardan birini yazın
    [no-venues] bu yeri bir [[venues]] tablosunda tanımlayın
   *[venue] şunlardan birini kullanın: { $venues }; ya da bu yeri bir [[venues]] tablosunda tanımlayın
}
check-duplicate-id = { $case ->
    [person] iki kişinin kimliği aynı: "{ $id }"
    [venue] iki yerin kimliği aynı: "{ $id }"
   *[session] iki oturumun kimliği aynı: "{ $id }"
}
check-duplicate-id-help = { $case ->
    [person] her kişiye ayrı bir kimlik verin
    [venue] her yere ayrı bir kimlik verin
   *[session] her oturuma ayrı bir kimlik verin; oturum değişse de kimliği aynı kalır, böylece takvimler onu izleyebilir
}
check-not-an-event-day = "{ $session }" oturumu { $date } tarihinde, ama bu tarih etkinliğin günlerinden biri değil
check-not-an-event-day-help = etkinliğin günleri: { $days }; bu günü [[event.days]] listesine ekleyin ya da oturumu taşıyın
check-final-with-unconfirmed-time = { $case ->
    [date] program kesin, ama "{ $session }" oturumu değil: günü ve saati daha sonra bildirilecek
   *[time] program kesin, ama "{ $session }" oturumu değil: saati daha sonra bildirilecek
}
check-final-with-unconfirmed-time-help = oturuma `date`, `start` ve `end` alanlarını yazın ya da bunlar belli olana kadar `status = "{ $status }"` olarak bırakın
check-nonexistent-time = { $time }, { $zone } saat diliminde yok: saatler { $jump-from } saatinden { $jump-to } saatine ileri alınıyor ({ $offset-before } iken { $offset-after } oluyor)
check-nonexistent-time-help = { $jump-from } saatinden önce ya da { $jump-to } ve sonrasında bir saat seçin
check-ambiguous-time = { $time }, { $zone } saat diliminde iki kez yaşanıyor: önce { $offset-before }, sonra { $offset-after } olarak
check-ambiguous-time-help = herkesin aynı anı anlaması için tekrarlanan saatin dışında bir saat seçin
check-overlap = "{ $first }" ({ $first-start }–{ $first-end }) ve "{ $second }" ({ $second-start }–{ $second-end }) oturumları "{ $venue }" yerinde çakışıyor
check-overlap-help = oturumlardan birini başka bir saate ya da başka bir yere taşıyın (paralel oturumlar için her salona ayrı bir çevrimiçi yer tanımlayın)
check-outside-waking-hours = "{ $session }" oturumu { $place } ({ $zone }) saatiyle { $start }–{ $end } arasında; bu, { $waking-start }–{ $waking-end } aralığının dışında
check-outside-waking-hours-help = `convene slots` her saat dilimine uyan saatleri bulur
# `convene check` raporunda altı çizili metnin altındaki notlar.
check-undeclared-language-label = `event.languages` listesinde olmayan dil
check-missing-source-text-label = kaynak dildeki metin zorunlu
check-missing-translation-label = "{ $language }" okurları kaynak metni görecek
check-unknown-reference-label = [[zones]] arasında yok
check-duplicate-id-label = { $held-as ->
    [former-id] aynı zamanda { $other } öğesinin eski kimliklerinden biri
   *[id] aynı zamanda { $other } öğesinin kimliği
}
check-nonexistent-time-label = saat değişikliği
check-ambiguous-time-label = saat değişikliği
check-overlap-label = "{ $first }" bitmeden başlıyor
check-outside-waking-hours-label = { $place } için erken ya da geç

## Denetimden önce reddedilen değişiklikler
check-unknown-session = "{ $session }" kimlikli bir oturum yok
check-unknown-session-help = sayfa açıldıktan sonra silinmiş ya da yeniden adlandırılmış olabilir; sayfayı yeniden yükleyin
check-id-taken = { $case ->
    [former] "{ $id }" kimliği "{ $session }" oturumunundu ve ona ayrılmış olarak kalır
   *[current] "{ $id }" kimliği zaten bir oturumun
}
check-id-taken-help = başka bir kimlik seçin; yayımlanmış bir oturumun kimlikleri onda kalır, böylece bağlantılar ve takvimler onu izler
check-copy-needs-a-time = program kesin: "{ $session }" oturumunun kopyasının kendi tarihi ve saati olmalı
check-copy-needs-a-time-help = kopyaya bir tarih, başlangıç ve bitiş verin ya da önce etkinliğin durumunu "{ $status }" yapın
check-no-free-id = "{ $session }" oturumunun kopyası için boş kimlik yok
check-undated-edition = "{ $event }" etkinliğinin günleri yok; bu nedenle o dönemin yılı bilinmiyor
check-undated-edition-help = önce günlerini girin, ardından bir sonraki dönemini oluşturun
check-control-character = `{ $path }` alanında belgelerin gösteremeyeceği { $character } denetim karakteri var
check-control-character-help = onu silin; bir metinde bulunabilecek denetim karakterleri yalnızca satır sonları ve sekmelerdir
check-bad-link = `{ $path }` bir web adresi değil: "{ $link }"
check-bad-link-help = adresin tamamını https:// (ya da http://) ile başlayarak yazın

# `convene check` raporunda sorunların çevresindeki sözcükler.
report-error = hata
report-warning = uyarı
report-help = öneri
report-clean = { $file }: sorun bulunmadı
report-summary = { $file }: { $errors } hata, { $warnings } uyarı
report-more = … ve bunlar gibi { $count } `{ $code }` sorunu daha
# `convene slots`: her saat dilimine uyan başlangıç saatleri.
slots-heading = { $from } ile { $to } arasında { $minutes } dakika için başlangıç saatleri, en iyisi önce (pay: herkesin saat aralığının sınırına uzaklık):
slots-option = pay { $minutes } dk, { $days ->
    [one] { $from }
   *[other] { $from } ile { $to } arasında her gün
}
slots-none = { $minutes } dakikalık hiçbir aralık tüm saat dilimlerine uymuyor: saatleri { $hours } olan { $zone }, { $case ->
    [conflict] { $other } ile hiçbir zaman { $minutes } dakika ortak zaman paylaşmıyor
   *[others] { $others } için uygun her saati dışarıda bırakıyor
}; saatlerini genişletin, oturumu kısaltın ya da bölün
list-and = { $first } ve { $last }

## Kayıt
category-mayor = Belediye Başkanı
category-elected-official = Seçilmiş yetkili
category-urban-leader = Kent yöneticisi
category-city-staff = Belediye personeli
category-civil-society = Sivil toplum
category-researcher = Araştırmacı
category-press = Basın
category-public = Halk
registration-state-pending = Onay bekliyor
registration-state-confirmed = Onaylandı
registration-state-waiting = Bekleme listesinde
registration-state-offered = Yer teklif edildi
registration-state-declined = Reddedildi
registration-state-cancelled = İptal edildi
registration-state-expired = Teklifin süresi doldu
availability-open = Kayıtlar açık
availability-seats-left = { $count ->
    [one] { $count } yer kaldı
   *[other] { $count } yer kaldı
}
availability-waiting-list = Bekleme listesi
availability-closed = Kayıtlar kapandı
# Kayıt formu: her alanın etiketi ve alanda neyin yanlış olabileceği.
form-field-name = Ad soyad
form-field-email = E-posta adresi
form-field-category = Katılımcı türü
form-field-city = Şehir
form-field-country = Ülke
form-field-organisation = Kurum
form-field-language = Diliniz
form-field-interpretation = Tercüme dili
form-field-zone = Saat diliminiz
form-field-accessibility = Erişilebilirlik ihtiyaçları
form-field-dietary = Beslenme tercihleri
form-field-consent = Gizlilik bildirimi
form-field-targets = Oturumlar ve günler
form-field-invitation-code = Davet kodu
form-field-website = Web sitesi
form-problem-required = { $field }: bu alan zorunludur.
form-problem-too-long = { $field }: en fazla { $max } karakter yazabilirsiniz (bu metin { $length } karakter).
form-problem-control-character = { $field }: bu metindeki görünmez denetim karakterini (örneğin bir satır sonunu) kaldırın.
form-problem-invalid-email = “{ $value }” bir e-posta adresi değil; ad@ornek.org biçiminde yazın.
form-problem-unknown-category = “{ $value }” kategorilerden biri değil; listeden birini seçin.
form-problem-unknown-country = “{ $value }” bir ülke değil; listeden birini seçin.
form-problem-language-not-offered = “{ $value }” etkinliğin dillerinden biri değil; şunlardan birini seçin: { $languages }.
form-problem-unknown-zone = { $case ->
    [suggestion] “{ $value }” bir saat dilimi değil; “{ $suggestion }” mi demek istediniz?
   *[none] “{ $value }” bir saat dilimi değil; listeden size en yakın şehri seçin.
}
form-problem-no-consent = Kayıt olmak için gizlilik bildirimini kabul edin.
form-problem-no-target = En az bir oturum ya da gün seçin.
form-problem-unknown-target = “{ $value }” sunulmuyor (ya da artık sunulmuyor); sayfayı yeniden yükleyip tekrar seçin.
form-problem-invalid-invitation-code = “{ $value }” bir davet kodu değil: davet kodunda yalnızca harf, rakam ve kısa çizgi bulunur.
form-problem-honeypot = Bu form gönderilemedi.

# Bir katılımcının kayıtları, sayfasında ve iletilerinde listelendiği gibi.
label-your-zone = { label-your-time } ({ $zone })
label-state = Kayıt:
label-waiting-position = bekleme listesinde { $position }. sırada
label-removed-from-programme = artık programda yok
label-offer-until = Yer, { $until } ({ $zone }) saatine kadar sizin için ayrıldı
state-pending = onay bekliyor
state-confirmed = onaylandı
state-waiting = bekleme listesinde
state-offered = yer teklif edildi
state-declined = reddedildi
state-cancelled = iptal edildi
state-expired = teklifin süresi doldu
calendar-personal-name = Programım — { $event }
# Katılımcılara iletiler.
letter-greeting = Merhaba { $name },
letter-signature = Organizasyon ekibi — { $event }
letter-your-page = Kaydınızı dilediğiniz zaman görüntüleyip değiştirebilirsiniz:
letter-your-programme = Programınız
letter-sign-in-subject = Giriş bağlantınız — { $event }
letter-sign-in-intro = Kaydınıza giriş yapmanız için bağlantınız aşağıdadır.
letter-sign-in-action = Giriş yap
letter-sign-in-validity = Bu bağlantı yalnızca bir kez ve { $minutes } dakika boyunca geçerlidir.
letter-sign-in-ignore = Bu bağlantıyı siz istemediyseniz bu iletiyi dikkate almayın: bağlantı kullanılmadıkça hiçbir şey değişmez.
letter-received-subject = Kaydınız alındı — { $event }
letter-received-intro = Kaydınızı aldık. Seçimlerinizin her birinin durumu aşağıdadır:
letter-confirmed-subject = Kaydınız onaylandı — { $event }
letter-confirmed-intro = { $count ->
    [one] Yeriniz onaylandı:
   *[other] Yerleriniz onaylandı:
}
letter-confirmed-calendar = Ekteki takvim dosyası (.ics) onaylanan oturumlarınızı içerir: takviminize eklemek için açın.
letter-waiting-subject = Bekleme listesi — { $event }
letter-waiting-intro = Şu anda tüm yerler dolu; bekleme listesindesiniz. Bir yer açılır açılmaz size yazacağız.
letter-offer-subject = Sizin için bir yer açıldı — { $event }
letter-offer-intro = Bir yer açıldı ve sizin için ayırdık:
letter-offer-deadline = Lütfen { $until } ({ $zone }) saatinden önce yanıt verin; bu süreden sonra yer, bekleme listesindeki bir sonraki kişiye önerilecektir.
letter-offer-accept = Yeri kabul et
letter-offer-decline = Reddet
letter-approved-subject = Kaydınız kabul edildi — { $event }
letter-approved-intro = Organizatörler kaydınızı kabul etti:
letter-declined-subject = Kaydınız kabul edilmedi — { $event }
letter-declined-intro = Üzgünüz: organizatörler aşağıdaki kaydınızı kabul edemedi:
letter-cancelled-subject = Kaydınız iptal edildi — { $event }
letter-cancelled-intro = Aşağıdaki kaydınız iptal edildi:
calendar-join = Çevrim içi katıl (kişisel bağlantınız):
calendar-join-label = Çevrim içi katıl
letter-reminder-day-before-subject = Yarın: oturumunuz — { $event }
letter-reminder-day-before-intro = Yarınki oturumunuzun, güncel saatiyle hatırlatması:
letter-reminder-soon-subject = Birazdan: oturumunuz — { $event }
letter-reminder-soon-intro = Oturumunuz birazdan başlıyor:
letter-session-cancelled-subject = Oturum iptal edildi — { $event }
letter-session-cancelled-intro = Üzgünüz: bu oturum artık programda yok ve yapılmayacak:
letter-join-action = Oturuma katıl
letter-join-opens = Kişisel bağlantınız sizi { $opens } ({ $zone }) itibarıyla bitişe kadar içeri alır; lütfen kimseyle paylaşmayın.
letter-changes-subject = Programınızdaki değişiklikler — { $event }
letter-changes-intro = Program güncellendi. Oturumlarınızda değişenler şunlar:
letter-change-before = Yeni saat; önceki: { $when }.
letter-change-times-confirmed = Saati artık kesinleşti.
letter-change-removed = İptal edildi: artık programda yok.
letter-change-moved = Yukarıda gösterilen başka bir yerde veya salonda yapılıyor.
letter-change-format = Biçimi değişti (çevrim içi, yüz yüze ya da ikisi), yukarıda gösterildiği gibi.
letter-announcement-why = Bu etkinliğe kayıt olduğunuz için bu tür haberler alıyorsunuz.
letter-announcement-unsubscribe = Düzenleyicilerden haber almayı durdurmak için (kaydınızla ilgili mesajlar gelmeye devam edecek):
