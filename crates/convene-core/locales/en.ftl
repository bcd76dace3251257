# Interface strings of the programme documents, in English.
status-preliminary = Preliminary programme
status-final = Final programme
status-preliminary-note = Times may still change.
kind-mayors-dialogue = Mayors’ dialogue
kind-interactive-dialogue = Interactive dialogue
kind-thematic-workshop = Thematic workshop
kind-plenary = Plenary
kind-public-event = Public event
kind-ceremony = Ceremony
kind-break = Break
kind-other = Session
format-online = Online
format-on-site = On site
format-hybrid = Hybrid
role-moderator = Moderator
role-speaker = Speaker
role-presenter = Presenting a practice
role-chair = Chair
role-guest = Guest
label-date = Date:
label-time = Time:
label-venue = Venue:
label-questions = Questions:
label-people = Taking part:
label-days = Dates and places:
label-continues = Following on from:
label-zone = Zone
label-session = Session
label-your-time = Your time
time-to-be-confirmed = time to be confirmed
date-to-be-confirmed = date and time to be confirmed
heading-unscheduled = Date to be confirmed
day-shift = { $days ->
    [1] +1 day
    [-1] −1 day
   *[other] { $shift } days
}
in-language = text in { $language }
pending-sessions = { $count ->
    [one] { $count } session whose time is still to be confirmed
   *[other] { $count } sessions whose time is still to be confirmed
}
language-fr = French
language-en = English
language-tr = Turkish
# What changed from one published version to the next.
event-change-status = Programme status changed
event-change-name = Event renamed
event-change-zones = Time zones shown changed
change-retimed = New time
change-times-confirmed = Time confirmed
change-times-withdrawn = Time to be confirmed again
change-added = New session
change-removed = Removed from the programme
change-renamed = New title
change-moved = New venue
change-format-changed = New format
change-kind-changed = New type of session
change-description-changed = Description or questions changed
change-people-changed = Participants changed
changes-status = { $status ->
    [final] the programme is now final
   *[other] the programme is preliminary again
}
changes-name = event renamed
changes-zones = time zones shown changed
changes-retimed = { $count ->
    [one] { $count } session re-timed
   *[other] { $count } sessions re-timed
}
changes-times-confirmed = { $count ->
    [one] time confirmed for { $count } session
   *[other] times confirmed for { $count } sessions
}
changes-times-withdrawn = { $count ->
    [one] time to be confirmed again for { $count } session
   *[other] times to be confirmed again for { $count } sessions
}
changes-added = { $count ->
    [one] { $count } session added
   *[other] { $count } sessions added
}
changes-removed = { $count ->
    [one] { $count } session removed
   *[other] { $count } sessions removed
}
changes-renamed = { $count ->
    [one] { $count } session renamed
   *[other] { $count } sessions renamed
}
changes-moved = { $count ->
    [one] { $count } session moved to another venue
   *[other] { $count } sessions moved to another venue
}
changes-format-changed = { $count ->
    [one] format changed for { $count } session
   *[other] format changed for { $count } sessions
}
changes-kind-changed = { $count ->
    [one] type changed for { $count } session
   *[other] type changed for { $count } sessions
}
changes-description-changed = { $count ->
    [one] description changed for { $count } session
   *[other] descriptions changed for { $count } sessions
}
changes-people-changed = { $count ->
    [one] participants changed for { $count } session
   *[other] participants changed for { $count } sessions
}
changes-none = no changes
