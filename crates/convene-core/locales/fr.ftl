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
# Ce qui a changé d’une version publiée à la suivante.
event-change-status = Statut du programme modifié
event-change-name = Nom de l’événement modifié
event-change-zones = Fuseaux horaires affichés modifiés
change-retimed = Nouvel horaire
change-times-confirmed = Horaire confirmé
change-times-withdrawn = Horaire de nouveau à confirmer
change-added = Nouvelle séance
change-removed = Retirée du programme
change-renamed = Nouveau titre
change-moved = Nouveau lieu
change-format-changed = Nouveau format
change-kind-changed = Nouveau type de séance
change-description-changed = Description ou questions modifiées
change-people-changed = Participants modifiés
changes-status = { $status ->
    [final] le programme est désormais final
   *[other] le programme redevient préliminaire
}
changes-name = nom de l’événement modifié
changes-zones = fuseaux horaires affichés modifiés
changes-retimed = { $count ->
    [one] { $count } séance change d’horaire
   *[other] { $count } séances changent d’horaire
}
changes-times-confirmed = { $count ->
    [one] horaire confirmé pour { $count } séance
   *[other] horaires confirmés pour { $count } séances
}
changes-times-withdrawn = { $count ->
    [one] horaire de nouveau à confirmer pour { $count } séance
   *[other] horaires de nouveau à confirmer pour { $count } séances
}
changes-added = { $count ->
    [one] { $count } séance ajoutée
   *[other] { $count } séances ajoutées
}
changes-removed = { $count ->
    [one] { $count } séance retirée
   *[other] { $count } séances retirées
}
changes-renamed = { $count ->
    [one] { $count } séance renommée
   *[other] { $count } séances renommées
}
changes-moved = { $count ->
    [one] { $count } séance change de lieu
   *[other] { $count } séances changent de lieu
}
changes-format-changed = { $count ->
    [one] format modifié pour { $count } séance
   *[other] format modifié pour { $count } séances
}
changes-kind-changed = { $count ->
    [one] type modifié pour { $count } séance
   *[other] type modifié pour { $count } séances
}
changes-description-changed = { $count ->
    [one] description modifiée pour { $count } séance
   *[other] descriptions modifiées pour { $count } séances
}
changes-people-changed = { $count ->
    [one] participants modifiés pour { $count } séance
   *[other] participants modifiés pour { $count } séances
}
changes-none = aucun changement
