# Lekhotla's pages in English. One message per label, sentence or error; Sesotho's file (st.ftl) has the
# same ids. Terms of the domain are in GLOSSARY.md. Sections follow the pages; each page adds its own.

## The frame of every page
app-name = Lekhotla
app-tagline = Case registry of the national response to trafficking in persons
skip-to-content = Skip to the content
nav-label = Main menu
nav-work = My work
nav-cases = Cases
nav-intake = New case
nav-referrals = Referrals
nav-justice = Criminal justice
nav-dashboard = Figures
nav-admin = Administration
nav-audit = Audit trail
nav-break-glass = Emergency access
nav-account = My account
sign-out = Sign out
signed-in-as = Signed in as { $user }
language = Language
language-choose = Choose
footer-synthetic = Synthetic demonstration data. Field names follow HTCDS 2.0 (IOM, CC BY 4.0).
footer-api = API description
count-cases = { $count ->
    [one] { $count } case
   *[other] { $count } cases
}

## Sign-in
login-title = Sign in
login-username = Username
login-password = Password
login-code = Code from your authenticator app
login-code-hint = Six digits, or one of your recovery codes. Leave empty if your account has no second factor.
login-submit = Sign in
login-failed = The username, password or code is not right.
login-throttled = Too many failed sign-ins. Try again in { $seconds } seconds.
login-kept = Your session ended before your form was saved. Sign in again: what you wrote is kept and you can send it after signing in.

## Errors, as pages
error-title = Something went wrong
error-not-found-title = Not found
error-not-found = There is no such page, or it is not in what you may see.
error-forbidden-title = Not allowed
error-forbidden = Your role does not allow this.
error-invalid-title = Please correct the form
error-invalid = Some fields are not valid.
error-stale-title = Someone else changed this first
error-stale = The record was changed after you opened it. Nothing was overwritten.
error-refused-title = Not possible now
error-busy = Others are changing this case at this moment. Try again.
error-throttled-title = Too many attempts
error-unavailable = The database cannot be reached. Try again shortly.
error-internal = An internal error. Quote this reference when reporting it: { $reference }
error-csrf-title = The form has expired
error-csrf = This form was opened in an earlier session or on another page. Open the page again and send it once more.
error-method = This address does not take this kind of request.
error-home = Back to my work
error-unauthenticated = Sign in first.

## Common words
save = Save
cancel = Cancel
send = Send
back = Back
search = Search
yes = Yes
no = No
none = None
unknown = Unknown
sealed = [sealed]

## A form kept across a new sign-in
resume-title = Your unsaved form
resume-intro = Your session ended before this form was saved. Nothing was lost: check it and send it now.
resume-send = Send it now
resume-drop = Leave it

## API tokens (administration)
tokens-title = API tokens
tokens-intro = Every integration token, the user it acts as and what it may do. A revoked token admits no request from that moment.
tokens-user = User
tokens-name = Name
tokens-scopes = Scopes
tokens-expires = Expires
tokens-last-used = Last used
tokens-never = never
tokens-state = State
tokens-action = Action
tokens-revoke = Revoke
tokens-none = No API token has been issued.
tokens-live = live
tokens-revoked = revoked
tokens-expired = expired

## Cases: the words every case page shares
case-number = Case
case-detected = Detected
case-source = Detected by
case-stage = Stage
case-status = Status
case-victims = Victims
case-suspects = Suspects

## Figures (dashboard)
dash-title = The registry in figures
dash-by-stage = Cases by stage
dash-registered = cases registered
dash-by-district = Cases by district
dash-district = District
dash-served-by = Served by
dash-share = Share
dash-national-office = National office
dash-latest = Latest cases
dash-latest-in = Latest cases in { $district }
dash-all-districts = All districts
dash-figures-only = Your role sees the figures only, never case rows.
dash-no-cases = No cases yet.
dash-database = Database: { $backend }.

## Intake and screening, people, search (part B)
intake-title = Register a new case
intake-lead = Record how the case came to light. The registry gives it its national number; then you record the people.
intake-problems = Some fields need your attention: see the notes beside them.
intake-required = This field is needed.
intake-bad-date = Write the date as year-month-day, for example 2026-09-01.
intake-bad-choice = Choose one of the values in the list.
intake-bad-number = Write a whole number.
intake-not-accepted = Not accepted: { $reason }
intake-choose = Choose…
intake-organisation = Organisation registering the case
intake-source = Detected by
intake-detected-on = Date of detection
intake-district = District
intake-port = Port of entry
intake-port-hint = Only when the case was detected at a border post.
intake-port-none = Not at a border post
intake-port-only-border = A port of entry is only for a case detected at a border post.
intake-summary = Summary
intake-summary-hint = Optional. Kept sealed; write no more than the work needs.
intake-submit = Register the case
person-new-title = Record a person
person-new-lead = Case { $number }: a victim, a suspect or a witness.
person-new-role = Role
person-new-role-victim = Victim
person-new-role-suspect = Suspect
person-new-role-witness = Witness
person-new-first-name = First name
person-new-middle-name = Middle name
person-new-second-name = Family name
person-new-gender = Gender
person-new-birthdate = Date of birth
person-new-estimated-age = Estimated age (years)
person-new-phone = Mobile phone
person-new-identified-on = Identified on (victims)
person-new-identified-hint = The day the victim was identified; a person under 18 that day is a child.
person-new-submit = Record the person
person-new-duplicates = Possibly recorded already: { $count ->
    [one] one possible match
   *[other] { $count } possible matches
}
person-new-duplicates-hint = Check these records before you record a new person. Open a case to compare; record a new person only if none is the same.
person-new-name = Name
person-new-matched = Matched on
person-new-matched-name = same name
person-new-matched-phonetic = name that sounds alike
person-new-matched-birthdate = same date of birth
person-new-matched-phone = same phone
person-new-sealed = [sealed]
person-new-confirm = None of these: record a new person
person-new-cancel = Cancel
screen-title = Screening and trafficking status
screen-lead = Case { $number }: the indicators of trafficking found, and the decision on the person's status.
screen-choose = Choose the victim to screen
screen-no-victims = This case has no victim recorded yet.
screen-record-victim = Record a victim
screen-victim = Victim
screen-status = Trafficking status
screen-decided-title = Decision recorded
screen-decided = Decided by: { $body }, { $org }, on { $on }
screen-indicators-hint = Tick every indicator found. For a child, the act and the purpose are enough: no means is needed.
screen-act = Act: how the person was recruited
screen-act-hint = Recruitment, transport, transfer, harbouring or receipt.
screen-means = Means: how the person was controlled
screen-means-hint = Threats, force, deception, abuse of power or of vulnerability, debt.
screen-purpose = Purpose: the exploitation
screen-purpose-hint = The kind of exploitation intended or found.
screen-decision = Decision
screen-decided-by = Kind of body that decided
screen-decided-on = Date of the decision
screen-submit = Record the decision
screen-stale = Someone else changed this victim while you were screening. The form now shows the victim as stored; check it and send again.
search-title = Find cases
search-number = Case number (or its beginning)
search-name = A person's name
search-name-hint = First and family name. Names stay sealed: the search compares keyed fingerprints.
search-phonetic = Also names that sound alike (Tšepo, Tsepo, Tshepo)
search-any = Any
search-from = Detected from
search-to = Detected until
search-submit = Search
search-clear = Clear
search-results = Found: { $count ->
    [one] { $count } case
   *[other] { $count } cases
}
search-none = No case in your reach matches.
search-pages = Pages of results
search-prev = Previous page
search-next = Next page
