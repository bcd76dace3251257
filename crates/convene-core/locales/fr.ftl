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
# Problèmes que `convene check` trouve dans l’ensemble d’un programme : `check-{code}` dit ce qui ne va pas,
# `check-{code}-help` ce qui conviendrait. `$case` choisit la formulation quand un code en a plusieurs.
check-undeclared-language = { $case ->
    [source] la langue source "{ $language }" ne figure pas dans `languages`
   *[text] `{ $path }` a un texte en "{ $language }", langue que l’événement ne déclare pas
}
check-undeclared-language-help = { $case ->
    [source] ajoutez "{ $language }" à `languages`
   *[text] ajoutez "{ $language }" à `event.languages` (actuellement { $declared }), ou corrigez le code de langue
}
check-duplicate = { $case ->
    [person] "{ $person }" figure deux fois dans la séance "{ $session }"
    [zone] le fuseau "{ $zone }" figure deux fois dans la liste
    [day] le jour { $date } figure deux fois dans la liste
   *[language] la langue "{ $language }" figure deux fois dans la liste
}
check-duplicate-help = { $case ->
    [person] indiquez chaque personne une seule fois par séance
    [zone] indiquez chaque fuseau affiché une seule fois
    [day] indiquez chaque jour de l’événement une seule fois
   *[language] indiquez chaque langue une seule fois
}
check-missing-source-text = `{ $path }` n’a pas de texte en "{ $language }", la langue source
check-missing-source-text-help = ajoutez `{ $path }.{ $language } = "…"`
check-missing-translation = `{ $path }` n’a pas de traduction en "{ $language }"
check-missing-translation-help = ajoutez `{ $key }.{ $language } = "…"`
check-host-zone-not-shown = le fuseau hôte "{ $zone }" ne fait pas partie des fuseaux affichés
check-host-zone-not-shown-help = ajoutez une table [[zones]] avec zone = "{ $zone }" et le nom de la ville hôte comme libellé
check-unknown-reference = { $case ->
    [person] personne dans les [[people]] n’a l’identifiant "{ $person }"
    [zone] la séance "{ $session }" indique le fuseau "{ $zone }", qui ne fait pas partie des fuseaux affichés
   *[venue] aucun lieu n’a l’identifiant "{ $venue }"
}
check-unknown-reference-help = { $case ->
    [no-people] ajoutez cette personne aux [[people]], avec cet identifiant
    [person] utilisez l’un des identifiants { $people }, ou ajoutez cette personne aux [[people]]
    [zone] ajoutez ce fuseau aux [[zones]], ou indiquez-en un qui y figure
    [no-venues] déclarez ce lieu dans une table [[venues]]
   *[venue] utilisez l’un des identifiants { $venues }, ou déclarez ce lieu dans une table [[venues]]
}
check-duplicate-id = { $case ->
    [person] deux personnes ont l’identifiant "{ $id }"
    [venue] deux lieux ont l’identifiant "{ $id }"
   *[session] deux séances ont l’identifiant "{ $id }"
}
check-duplicate-id-help = { $case ->
    [person] donnez à chaque personne son propre identifiant
    [venue] donnez à chaque lieu son propre identifiant
   *[session] donnez à chaque séance son propre identifiant ; l’identifiant reste le même quand la séance change, pour que les agendas puissent la suivre
}
check-not-an-event-day = la séance "{ $session }" a lieu le { $date }, qui n’est pas un jour de l’événement
check-not-an-event-day-help = jours de l’événement : { $days } ; ajoutez ce jour aux [[event.days]] ou déplacez la séance
check-final-with-unconfirmed-time = { $case ->
    [date] le programme est final, mais pas la séance "{ $session }" : sa date et son horaire restent à confirmer
   *[time] le programme est final, mais pas la séance "{ $session }" : son horaire reste à confirmer
}
check-final-with-unconfirmed-time-help = indiquez sa `date`, son `start` et son `end`, ou gardez `status = "{ $status }"` en attendant
check-nonexistent-time = { $time } n’existe pas dans le fuseau { $zone } : l’heure passe directement de { $jump-from } à { $jump-to } (de { $offset-before } à { $offset-after })
check-nonexistent-time-help = choisissez une heure avant { $jump-from } ou à partir de { $jump-to }
check-ambiguous-time = { $time } existe deux fois dans le fuseau { $zone } : une fois en { $offset-before }, une fois en { $offset-after }
check-ambiguous-time-help = choisissez une heure en dehors de l’heure qui se répète, pour que tout le monde comprenne le même instant
check-overlap = les séances "{ $first }" ({ $first-start }–{ $first-end }) et "{ $second }" ({ $second-start }–{ $second-end }) se chevauchent dans le lieu "{ $venue }"
check-overlap-help = déplacez l’une des deux, ou mettez-la dans un autre lieu (déclarez un lieu en ligne par salle pour les séances en parallèle)
check-outside-waking-hours = la séance "{ $session }" a lieu de { $start } à { $end } heure de { $place } ({ $zone }), en dehors de la plage { $waking-start }–{ $waking-end }
check-outside-waking-hours-help = `convene slots` trouve des horaires qui conviennent à tous les fuseaux
# Notes sous le texte souligné d’un rapport de `convene check`.
check-undeclared-language-label = langue absente de `event.languages`
check-missing-source-text-label = le texte dans la langue source est obligatoire
check-missing-translation-label = les lecteurs en "{ $language }" verront le texte source
check-unknown-reference-label = absent des [[zones]]
check-duplicate-id-label = { $held-as ->
    [former-id] aussi un identifiant de { $other }
   *[id] aussi l’identifiant de { $other }
}
check-nonexistent-time-label = changement d’heure
check-ambiguous-time-label = changement d’heure
check-overlap-label = commence avant la fin de "{ $first }"
check-outside-waking-hours-label = tôt ou tard à { $place }

## Modifications refusées avant toute vérification
check-unknown-session = aucune séance n'a l'identifiant "{ $session }"
check-unknown-session-help = elle a peut-être été supprimée ou renommée depuis l'ouverture de la page ; rechargez-la
check-id-taken = { $case ->
    [former] l'identifiant "{ $id }" était celui de la séance "{ $session }" et lui reste réservé
   *[current] une séance a déjà l'identifiant "{ $id }"
}
check-id-taken-help = choisissez un autre identifiant ; ceux d'une séance publiée lui restent, pour que les liens et les agendas la suivent
check-copy-needs-a-time = le programme est final : une copie de la séance "{ $session }" doit avoir sa propre date et son propre horaire
check-copy-needs-a-time-help = donnez à la copie une date, un début et une fin, ou passez d'abord le statut de l'événement à "{ $status }"
check-no-free-id = aucun identifiant n'est libre pour une copie de la séance "{ $session }"
check-undated-edition = l'événement "{ $event }" n'a pas de jours : l'année de cette édition est inconnue
check-undated-edition-help = donnez-lui d'abord ses jours, puis créez son édition suivante
check-control-character = `{ $path }` contient le caractère de contrôle { $character }, qu’aucun document ne peut afficher
check-control-character-help = supprimez-le ; les retours à la ligne et les tabulations sont les seuls caractères de contrôle qu’un texte peut contenir
check-bad-link = `{ $path }` n’est pas une adresse web : "{ $link }"
check-bad-link-help = écrivez l’adresse entière, qui commence par https:// (ou http://)

# Les mots d’un rapport de `convene check` autour des problèmes.
report-error = erreur
report-warning = avertissement
report-help = aide
report-clean = { $file } : aucun problème trouvé
report-summary = { $file } : { $errors ->
    [one] { $errors } erreur
   *[other] { $errors } erreurs
}, { $warnings ->
    [one] { $warnings } avertissement
   *[other] { $warnings } avertissements
}
report-more = … et { $count ->
    [one] { $count } autre problème `{ $code }` du même genre
   *[other] { $count } autres problèmes `{ $code }` du même genre
}
# `convene slots` : les heures de début qui conviennent à tous les fuseaux.
slots-heading = Heures de début pour { $minutes } minutes entre le { $from } et le { $to }, les meilleures d’abord (marge : écart avec la limite des heures de chacun) :
slots-option = marge { $minutes } min, { $days ->
    [one] le { $from }
   *[other] chaque jour du { $from } au { $to }
}
slots-none = aucun créneau de { $minutes } minutes ne convient à tous les fuseaux : { $zone }, dont les heures sont { $hours }, { $case ->
    [conflict] n’a jamais { $minutes } minutes en commun avec { $other }
   *[others] exclut tous les horaires qui conviennent à { $others }
} ; élargissez ses heures, raccourcissez la séance ou divisez-la
list-and = { $first } et { $last }

## Inscriptions
category-mayor = Maire
category-elected-official = Élu·e
category-urban-leader = Leader urbain·e
category-city-staff = Personnel municipal
category-civil-society = Société civile
category-researcher = Chercheur·euse
category-press = Presse
category-public = Grand public
registration-state-pending = En attente de validation
registration-state-confirmed = Confirmée
registration-state-waiting = En liste d’attente
registration-state-offered = Place proposée
registration-state-declined = Refusée
registration-state-cancelled = Annulée
registration-state-expired = Offre expirée
availability-open = Inscriptions ouvertes
availability-seats-left = { $count ->
    [one] { $count } place restante
   *[other] { $count } places restantes
}
availability-waiting-list = Liste d’attente
availability-closed = Inscriptions fermées
# Le formulaire d’inscription : le libellé de chaque champ, et ce qui peut y être faux.
form-field-name = Nom
form-field-email = Adresse électronique
form-field-category = Vous êtes
form-field-city = Ville
form-field-country = Pays
form-field-organisation = Organisation
form-field-language = Votre langue
form-field-interpretation = Interprétation vers
form-field-zone = Votre fuseau horaire
form-field-accessibility = Besoins d’accessibilité
form-field-dietary = Régime alimentaire
form-field-consent = Politique de confidentialité
form-field-targets = Séances et journées
form-field-invitation-code = Code d’invitation
form-field-website = Site web
form-problem-required = { $field } : ce champ est obligatoire.
form-problem-too-long = { $field } : { $max } caractères au plus, s’il vous plaît (ce texte en compte { $length }).
form-problem-control-character = { $field } : retirez de ce texte le caractère de contrôle invisible (un retour à la ligne, par exemple).
form-problem-invalid-email = « { $value } » n’est pas une adresse électronique ; écrivez-la sous la forme nom@exemple.org.
form-problem-unknown-category = « { $value } » ne fait pas partie des catégories ; choisissez-en une dans la liste.
form-problem-unknown-country = « { $value } » n’est pas un pays ; choisissez-en un dans la liste.
form-problem-language-not-offered = « { $value } » n’est pas une langue de l’événement ; choisissez parmi { $languages }.
form-problem-unknown-zone = { $case ->
    [suggestion] « { $value } » n’est pas un fuseau horaire ; vouliez-vous dire « { $suggestion } » ?
   *[none] « { $value } » n’est pas un fuseau horaire ; choisissez dans la liste la ville la plus proche de chez vous.
}
form-problem-no-consent = Acceptez la politique de confidentialité pour vous inscrire.
form-problem-no-target = Choisissez au moins une séance ou une journée.
form-problem-unknown-target = « { $value } » n’est pas (ou plus) proposé ; rechargez la page et choisissez de nouveau.
form-problem-invalid-invitation-code = « { $value } » n’est pas un code d’invitation : il ne contient que des lettres, des chiffres et des traits d’union.
form-problem-honeypot = Ce formulaire n’a pas pu être envoyé.

# Les inscriptions d’un participant, telles que sa page et ses messages les listent.
label-your-zone = { label-your-time } ({ $zone })
label-state = Inscription :
label-waiting-position = n° { $position } sur la liste d’attente
label-removed-from-programme = ne figure plus au programme
label-offer-until = Place réservée pour vous jusqu’au { $until } ({ $zone })
state-pending = en attente de validation
state-confirmed = confirmée
state-waiting = sur liste d’attente
state-offered = place proposée
state-declined = refusée
state-cancelled = annulée
state-expired = offre expirée
calendar-personal-name = Mon programme — { $event }
# Messages aux participants.
letter-greeting = Bonjour { $name },
letter-signature = L’équipe d’organisation — { $event }
letter-your-page = Votre inscription, à consulter ou modifier à tout moment :
letter-your-programme = Votre programme
letter-sign-in-subject = Votre lien de connexion — { $event }
letter-sign-in-intro = Voici votre lien pour accéder à votre inscription.
letter-sign-in-action = Me connecter
letter-sign-in-validity = Ce lien ne sert qu’une fois et reste valable { $minutes } minutes.
letter-sign-in-ignore = Si vous n’avez rien demandé, ignorez ce message : sans ce lien, rien ne change.
letter-received-subject = Inscription reçue — { $event }
letter-received-intro = Nous avons bien reçu votre inscription. Voici où en est chacun de vos choix :
letter-confirmed-subject = Inscription confirmée — { $event }
letter-confirmed-intro = { $count ->
    [one] Votre place est confirmée :
   *[other] Vos places sont confirmées :
}
letter-confirmed-calendar = Le calendrier joint (.ics) contient vos séances confirmées : ouvrez-le pour les ajouter à votre agenda.
letter-waiting-subject = Liste d’attente — { $event }
letter-waiting-intro = Toutes les places sont prises pour l’instant : vous êtes sur la liste d’attente. Nous vous écrirons dès qu’une place se libérera.
letter-offer-subject = Une place s’est libérée — { $event }
letter-offer-intro = Une place s’est libérée, et nous vous la réservons :
letter-offer-deadline = Merci de répondre avant le { $until } ({ $zone }) ; passé ce délai, la place sera proposée à la personne suivante sur la liste d’attente.
letter-offer-accept = Accepter la place
letter-offer-decline = Refuser
letter-approved-subject = Inscription acceptée — { $event }
letter-approved-intro = Les organisateurs ont accepté votre inscription :
letter-declined-subject = Inscription non retenue — { $event }
letter-declined-intro = Nous sommes désolés : les organisateurs n’ont pas pu retenir votre inscription pour :
letter-cancelled-subject = Inscription annulée — { $event }
letter-cancelled-intro = Votre inscription est annulée pour :
calendar-join = Rejoindre en ligne (votre lien personnel) :
calendar-join-label = Rejoindre en ligne
letter-reminder-day-before-subject = Demain : votre session — { $event }
letter-reminder-day-before-intro = Un rappel de votre session de demain, à son horaire actuel :
letter-reminder-soon-subject = Bientôt : votre session — { $event }
letter-reminder-soon-intro = Votre session commence bientôt :
letter-session-cancelled-subject = Session annulée — { $event }
letter-session-cancelled-intro = Nous sommes désolés : cette session ne figure plus au programme et n’aura pas lieu :
letter-join-action = Rejoindre la session
letter-join-opens = Votre lien personnel vous fait entrer à partir du { $opens } ({ $zone }) et jusqu’à la fin ; gardez-le pour vous.
letter-changes-subject = Changements dans votre programme — { $event }
letter-changes-intro = Le programme a été mis à jour. Voici ce qui change dans vos sessions :
letter-change-before = Nouvel horaire ; c’était { $when }.
letter-change-times-confirmed = Son horaire est désormais confirmé.
letter-change-removed = Annulée : elle ne figure plus au programme.
letter-change-moved = Elle a lieu dans un autre lieu ou une autre salle, indiqué ci-dessus.
letter-change-format = Son format a changé (en ligne, sur place ou les deux), comme indiqué ci-dessus.
letter-announcement-why = Vous recevez ces nouvelles parce que vous êtes inscrit·e à cet événement.
letter-announcement-unsubscribe = Pour ne plus recevoir les nouvelles des organisateurs (les messages sur votre inscription continueront) :
