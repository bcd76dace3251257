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
# Problems `convene check` finds across a programme: `check-{code}` says what is wrong, `check-{code}-help`
# what would be right. `$case` picks the wording when one code has several.
check-undeclared-language = { $case ->
    [source] the source language "{ $language }" is not in `languages`
   *[text] `{ $path }` has a text in "{ $language }", which the event does not declare
}
check-undeclared-language-help = { $case ->
    [source] add "{ $language }" to `languages`
   *[text] add "{ $language }" to `event.languages` (now { $declared }), or correct the tag
}
check-duplicate = { $case ->
    [person] "{ $person }" is listed twice in session "{ $session }"
    [zone] the zone "{ $zone }" is listed twice
    [day] the day { $date } is listed twice
   *[language] the language "{ $language }" is listed twice
}
check-duplicate-help = { $case ->
    [person] name each person once per session
    [zone] list each display zone once
    [day] list each day of the event once
   *[language] list each language once
}
check-missing-source-text = `{ $path }` has no text in "{ $language }", the source language
check-missing-source-text-help = add `{ $path }.{ $language } = "…"`
check-missing-translation = `{ $path }` has no "{ $language }" translation
check-missing-translation-help = add `{ $key }.{ $language } = "…"`
check-host-zone-not-shown = the host zone "{ $zone }" is not one of the display zones
check-host-zone-not-shown-help = add a [[zones]] table with zone = "{ $zone }" and the host city as its label
check-unknown-reference = { $case ->
    [person] no one in [[people]] has the id "{ $person }"
    [zone] session "{ $session }" shows "{ $zone }", which is not a display zone
   *[venue] no venue has the id "{ $venue }"
}
check-unknown-reference-help = { $case ->
    [no-people] add them to the [[people]], with this id
    [person] use one of { $people }, or add them to the [[people]]
    [zone] add it to the [[zones]], or name one of them
    [no-venues] declare the venue in a [[venues]] table
   *[venue] use one of { $venues }, or declare it in a [[venues]] table
}
check-duplicate-id = { $case ->
    [person] two people have the id "{ $id }"
    [venue] two venues have the id "{ $id }"
   *[session] two sessions have the id "{ $id }"
}
check-duplicate-id-help = { $case ->
    [person] give each person their own id
    [venue] give each venue its own id
   *[session] give each session its own id; ids stay the same when a session changes, so calendars can follow it
}
check-not-an-event-day = session "{ $session }" is on { $date }, which is not a day of the event
check-not-an-event-day-help = the event's days are { $days }; add the day to [[event.days]] or move the session
check-final-with-unconfirmed-time = { $case ->
    [date] the programme is final, but session "{ $session }" is not: its day and time are still to be confirmed
   *[time] the programme is final, but session "{ $session }" is not: its time is still to be confirmed
}
check-final-with-unconfirmed-time-help = give it a `date`, `start` and `end`, or keep `status = "{ $status }"` until it has them
check-nonexistent-time = { $time } does not exist in { $zone }: clocks go forward from { $jump-from } to { $jump-to } ({ $offset-before } to { $offset-after })
check-nonexistent-time-help = choose a time before { $jump-from } or from { $jump-to } on
check-ambiguous-time = { $time } happens twice in { $zone }: once at { $offset-before }, once at { $offset-after }
check-ambiguous-time-help = choose a time outside the repeated hour, so everyone reads the same instant
check-overlap = sessions "{ $first }" ({ $first-start }–{ $first-end }) and "{ $second }" ({ $second-start }–{ $second-end }) overlap in venue "{ $venue }"
check-overlap-help = move one of them, or put it in another venue (declare one online venue per room for parallel sessions)
check-outside-waking-hours = session "{ $session }" is at { $start }–{ $end } in { $place } ({ $zone }), outside { $waking-start }–{ $waking-end }
check-outside-waking-hours-help = `convene slots` finds times that suit every zone
# Notes under the underlined text of a `convene check` report.
check-undeclared-language-label = language not in `event.languages`
check-missing-source-text-label = the source text is required
check-missing-translation-label = readers in "{ $language }" will see the source text
check-unknown-reference-label = not among the [[zones]]
check-duplicate-id-label = { $held-as ->
    [former-id] also an id of { $other }
   *[id] also the id of { $other }
}
check-nonexistent-time-label = daylight-saving change
check-ambiguous-time-label = daylight-saving change
check-overlap-label = starts before "{ $first }" ends
check-outside-waking-hours-label = early or late in { $place }

## Edits refused before any check
check-unknown-session = no session has the id "{ $session }"
check-unknown-session-help = it may have been removed or renamed since the page was opened; reload it
check-id-taken = { $case ->
    [former] the id "{ $id }" was session "{ $session }"'s, and stays reserved for it
   *[current] a session already has the id "{ $id }"
}
check-id-taken-help = choose another id; a published session's ids stay its own, so links and calendars follow it
check-copy-needs-a-time = the programme is final, so a copy of session "{ $session }" needs its own date and time
check-copy-needs-a-time-help = give the copy a date, start and end, or set the event's status to "{ $status }" first
check-no-free-id = no identifier is free for a copy of session "{ $session }"
check-undated-edition = event "{ $event }" has no days, so the year of that edition is unknown
check-undated-edition-help = give it its days first, then make its next edition
check-control-character = `{ $path }` holds the control character { $character }, which documents cannot show
check-control-character-help = remove it; line breaks and tabs are the only control characters a text may hold
check-bad-link = `{ $path }` is not a web address: "{ $link }"
check-bad-link-help = write the whole address, starting with https:// (or http://)

# The words of a `convene check` report around the problems.
report-error = error
report-warning = warning
report-help = help
report-clean = { $file }: no problems found
report-summary = { $file }: { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
}, { $warnings ->
    [one] { $warnings } warning
   *[other] { $warnings } warnings
}
report-more = … and { $count } more `{ $code }` { $count ->
    [one] problem like these
   *[other] problems like these
}
# `convene slots`: the start times that suit every zone.
slots-heading = Start times for { $minutes } minutes between { $from } and { $to }, best first (margin: distance to the edge of anyone's hours):
slots-option = margin { $minutes } min, { $days ->
    [one] on { $from }
   *[other] every day from { $from } to { $to }
}
slots-none = no { $minutes }-minute slot suits every zone: { $zone }, whose hours are { $hours }, { $case ->
    [conflict] never shares { $minutes } minutes with { $other }
   *[others] rules out every time that suits { $others }
}; widen its hours, shorten the session, or split it
list-and = { $first } and { $last }

## Registration
category-mayor = Mayor
category-elected-official = Elected official
category-urban-leader = Urban leader
category-city-staff = City staff
category-civil-society = Civil society
category-researcher = Researcher
category-press = Press
category-public = Member of the public
registration-state-pending = Awaiting approval
registration-state-confirmed = Confirmed
registration-state-waiting = On the waiting list
registration-state-offered = Seat offered
registration-state-declined = Declined
registration-state-cancelled = Cancelled
registration-state-expired = Offer expired
availability-open = Registration open
availability-seats-left = { $count ->
    [one] { $count } seat left
   *[other] { $count } seats left
}
availability-waiting-list = Waiting list
availability-closed = Registration closed
# The registration form: each field's label, and what can be wrong with it.
form-field-name = Name
form-field-email = Email address
form-field-category = You are
form-field-city = City
form-field-country = Country
form-field-organisation = Organisation
form-field-language = Your language
form-field-interpretation = Interpretation into
form-field-zone = Your time zone
form-field-accessibility = Accessibility needs
form-field-dietary = Dietary requirements
form-field-consent = Privacy notice
form-field-targets = Sessions and days
form-field-invitation-code = Invitation code
form-field-website = Website
form-problem-required = { $field }: this field is required.
form-problem-too-long = { $field }: at most { $max } characters, please (this has { $length }).
form-problem-control-character = { $field }: remove the invisible control character (a line break, say) from this text.
form-problem-invalid-email = “{ $value }” is not an email address; write it as name@example.org.
form-problem-unknown-category = “{ $value }” is not one of the categories; choose one from the list.
form-problem-unknown-country = “{ $value }” is not a country; choose one from the list.
form-problem-language-not-offered = “{ $value }” is not one of the event’s languages; choose from { $languages }.
form-problem-unknown-zone = { $case ->
    [suggestion] “{ $value }” is not a time zone; did you mean “{ $suggestion }”?
   *[none] “{ $value }” is not a time zone; choose the city nearest you from the list.
}
form-problem-no-consent = Agree to the privacy notice to register.
form-problem-no-target = Choose at least one session or day.
form-problem-unknown-target = “{ $value }” is not offered (or no longer); reload the page and choose again.
form-problem-invalid-invitation-code = “{ $value }” is not an invitation code: it has only letters, digits and hyphens.
form-problem-honeypot = This form could not be sent.

# A participant's registrations, as their page and their letters list them.
label-your-zone = { label-your-time } ({ $zone })
label-state = Registration:
label-waiting-position = No. { $position } on the waiting list
label-removed-from-programme = no longer in the programme
label-offer-until = Seat held for you until { $until } ({ $zone })
state-pending = awaiting approval
state-confirmed = confirmed
state-waiting = on the waiting list
state-offered = seat offered
state-declined = declined
state-cancelled = cancelled
state-expired = offer expired
calendar-personal-name = My programme — { $event }
# Letters to participants.
letter-greeting = Hello { $name },
letter-signature = The organising team — { $event }
letter-your-page = Your registration, to see or change at any time:
letter-your-programme = Your programme
letter-sign-in-subject = Your sign-in link — { $event }
letter-sign-in-intro = Here is your link to sign in to your registration.
letter-sign-in-action = Sign in
letter-sign-in-validity = The link works once, for { $minutes } minutes.
letter-sign-in-ignore = If you did not ask for it, ignore this message: nothing changes without the link.
letter-received-subject = Registration received — { $event }
letter-received-intro = We have received your registration. Here is where each of your choices stands:
letter-confirmed-subject = Registration confirmed — { $event }
letter-confirmed-intro = { $count ->
    [one] Your seat is confirmed:
   *[other] Your seats are confirmed:
}
letter-confirmed-calendar = The attached calendar file (.ics) holds your confirmed sessions: open it to add them to your calendar.
letter-waiting-subject = Waiting list — { $event }
letter-waiting-intro = Every seat is taken for now, so you are on the waiting list. We will write to you as soon as a seat frees up.
letter-offer-subject = A seat is free for you — { $event }
letter-offer-intro = A seat has freed up, and we are holding it for you:
letter-offer-deadline = Please answer before { $until } ({ $zone }); after that, the seat goes to the next person on the waiting list.
letter-offer-accept = Accept the seat
letter-offer-decline = Decline
letter-approved-subject = Registration approved — { $event }
letter-approved-intro = The organisers have approved your registration:
letter-declined-subject = Registration not accepted — { $event }
letter-declined-intro = We are sorry: the organisers could not accept your registration for:
letter-cancelled-subject = Registration cancelled — { $event }
letter-cancelled-intro = Your registration has been cancelled for:
calendar-join = Join online (your personal link):
calendar-join-label = Join online
letter-reminder-day-before-subject = Tomorrow: your session — { $event }
letter-reminder-day-before-intro = A reminder of your session tomorrow, at its current time:
letter-reminder-soon-subject = Starting soon: your session — { $event }
letter-reminder-soon-intro = Your session starts soon:
letter-session-cancelled-subject = Session cancelled — { $event }
letter-session-cancelled-intro = We are sorry: this session is no longer in the programme, and will not take place:
letter-join-action = Join the session
letter-join-opens = Your personal link lets you in from { $opens } ({ $zone }) until the end; please keep it to yourself.
letter-changes-subject = Changes to your programme — { $event }
letter-changes-intro = The programme has been updated. Here is what changed in your sessions:
letter-change-before = New time; it was { $when }.
letter-change-times-confirmed = Its time is now confirmed.
letter-change-removed = Cancelled: it is no longer in the programme.
letter-change-moved = It takes place at another venue or room, shown above.
letter-change-format = Its format changed (online, on site or both), as shown above.
letter-announcement-why = You receive news like this because you registered for this event.
letter-announcement-unsubscribe = To stop news from the organisers (messages about your registration will still come):
