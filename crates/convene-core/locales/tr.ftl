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
