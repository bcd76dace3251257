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
