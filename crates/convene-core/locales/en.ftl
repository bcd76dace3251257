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
