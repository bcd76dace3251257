# Interface strings of the programme documents, in French.
status-preliminary = Programme préliminaire
status-final = Programme final
status-preliminary-note = Les horaires peuvent encore changer.
kind-mayors-dialogue = Dialogue des maires
kind-interactive-dialogue = Dialogue interactif
kind-thematic-workshop = Atelier thématique
kind-plenary = Plénière
kind-public-event = Événement public
kind-ceremony = Cérémonie
kind-break = Pause
kind-other = Séance
format-online = En ligne
format-on-site = Sur place
format-hybrid = Hybride
role-moderator = Modération
role-speaker = Intervention
role-presenter = Présentation de pratique
role-chair = Présidence
role-guest = Invité·e
label-date = Date :
label-time = Heure :
label-venue = Lieu :
label-questions = Questions :
label-people = Participants :
label-days = Dates et lieux :
label-continues = Dans la continuité de :
label-zone = Fuseau
label-session = Séance
label-your-time = Votre heure
time-to-be-confirmed = horaire à confirmer
date-to-be-confirmed = date et horaire à confirmer
heading-unscheduled = Date à confirmer
day-shift = { $days ->
    [1] +1 jour
    [-1] −1 jour
   *[other] { $shift } jours
}
in-language = texte en { $language }
pending-sessions = { $count ->
    [one] { $count } séance dont l’horaire reste à confirmer
   *[other] { $count } séances dont l’horaire reste à confirmer
}
language-fr = français
language-en = anglais
language-tr = turc
