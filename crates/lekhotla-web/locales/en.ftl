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

## Referrals and criminal justice (part C)
ref-title = Referrals
ref-boxes = Inbox and outbox
ref-inbox = Inbox: referred to us
ref-outbox = Outbox: sent by us
ref-state = State
ref-all-states = All states
ref-organisation = Organisation
ref-filter = Show
ref-count = { $count ->
    [one] { $count } referral
   *[other] { $count } referrals
}
ref-case = Case
ref-from = From
ref-to = To
ref-service = Service
ref-services = Services
ref-services-hint = One referral is sent for each service chosen; the organisation must offer it.
ref-sent-on = Sent on
ref-waiting = Waiting
ref-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
ref-moves = What you can do
ref-none = No referrals here.
ref-pages = Pages
ref-previous = Previous
ref-next = Next
ref-page-of = Page { $page }
ref-child = child
ref-automatic = automatic
ref-ended = Done. The referral is over, so the case is no longer open to your organisation.
ref-send-title = Send a referral
ref-send = Send the referral
ref-reason = Reason for the referral
ref-victim = Victim referred
ref-victim-hint = Leave empty to refer the case without naming a victim. A child is referred to child protection.
ref-details = Notes for the receiving organisation
ref-child-missing = A victim of this case who is or may be a child has no referral to child protection yet.
ref-error-service = Choose at least one service.
ref-reason-why = Reason
ref-delivered = Service delivered
ref-act-accept-referral = Accept the referral
ref-act-decline-referral = Decline the referral
ref-act-deliver-referral = Record the service delivered
ref-act-close-referral-not-delivered = Close: service not delivered
ref-act-revoke-referral = Revoke the referral
ref-act-close-referral = Close the referral
justice-back-to-case = Back to case { $number }
justice-as-stored = As it stands now
justice-save = Save
justice-cancel = Cancel
justice-choose = Choose
justice-required = (required)
justice-sealed-hint = Sealed: only those who may read sealed notes see it.
justice-correction = Reason for this correction
justice-correction-hint = You record what is another agency's to record: say why, in a few words.
justice-stale = Someone else changed this record since you opened the form. What is stored now is shown above; check your entries and save again.
justice-refused = This cannot be done now:
justice-error-fields = Please correct the fields marked below.
justice-error-required = Please fill this in.
justice-error-date = Write the date as YYYY-MM-DD.
justice-error-number = Write a whole number.
justice-error-choice = Choose one of the options.
justice-error-country = Write two-letter country codes separated by commas (ZA, MZ).
justice-suspect-n = Suspect { $n }
justice-victim-n = Victim { $n }
justice-act-open-investigation = Open the investigation
justice-act-update-investigation = Update the investigation
justice-act-move-docket = Move the docket
justice-act-open-prosecution = Open the prosecution
justice-act-dpp-decision = Record the DPP's decision
justice-act-issue-summons = Issue the summons
justice-act-update-prosecution = Update the prosecution
justice-act-charge = Add a charge
justice-act-record-hearing = Record a hearing
justice-act-record-verdict = Record a verdict
justice-act-record-sentence = Record a sentence
justice-act-order-compensation = Order compensation
justice-unit = Investigating unit
justice-investigator = Investigating officer
justice-opened-on = Opened on
justice-docket-number = Docket number
justice-custodian = Docket held by
justice-to-custodian = Docket now held by
justice-docket-reason = Why it moved
justice-countries = Cooperating countries
justice-countries-hint = Two-letter codes separated by commas, e.g. ZA, MZ.
justice-closed-on = Closed on
justice-close-hint = Only to close the investigation; give the reason too.
justice-closure-reason = Reason for closing
justice-on = Date
justice-prosecutor = Prosecutor
justice-referred-on = Docket received by the DPP on
justice-dpp-decision = DPP's decision
justice-court = Court
justice-court-number = Court case number
justice-first-charge = Accused of the first charge
justice-first-charge-hint = Optional: charges can also be added later.
justice-offence = Offence
justice-statute = Section of the Act
justice-counts = Counts
justice-filed-on = Charge filed on
justice-summons-on = Summons issued on
justice-withdrawn-on = Withdrawn on
justice-withdraw-hint = Only to withdraw the whole prosecution; give the reason too.
justice-withdrawal-reason = Reason for withdrawal
justice-accused = Accused
justice-hearing-on = Hearing date
justice-hearing-kind = Kind of hearing
justice-victim-testified = The victim gave evidence
justice-notes = Notes
justice-outcome = Outcome
justice-months = Imprisonment (months)
justice-fine = Fine (maloti)
justice-suspended = Suspended
justice-victim = Victim
justice-amount = Amount (maloti)
justice-title = Criminal justice
justice-calendar = Hearings calendar
justice-before-court = Before the courts
justice-investigations = Investigations and prosecutions
justice-days-in-stage = Days in this stage
justice-last-hearing = Latest hearing
justice-none-before-court = No case of yours is before a court.
justice-none = No investigation in the cases you can see.
justice-custodian-sealed = Who holds a docket is sealed: open the case and reveal sealed fields to read it.
justice-stage = Stage
justice-docket = Docket
justice-docket-where = Where the docket is
justice-since = since { $date }
justice-moved-on = moved { $date }
justice-stage-investigation = Under investigation
justice-stage-investigation-closed = Investigation closed
justice-stage-awaiting-dpp = Awaiting the DPP's decision
justice-stage-further = Returned for further investigation
justice-stage-declined = DPP declined to prosecute
justice-stage-withdrawn = Prosecution withdrawn
justice-stage-before-court = Before the court
justice-stage-concluded = Concluded
justice-where-unit = With the investigating unit: { $unit }
justice-where-dpp = With the DPP
justice-where-court = At court: { $court }
justice-where-closed = Filed: investigation closed
justice-views = Week or month
justice-periods = Earlier or later
justice-week = Week
justice-month = Month
justice-today = Today
justice-week-of = Week of { $from } to { $to }
justice-hearings = { $count ->
    [one] { $count } hearing
   *[other] { $count } hearings
}
justice-no-hearings = No hearing.
justice-testified = victim testified
justice-day-1 = Monday
justice-day-2 = Tuesday
justice-day-3 = Wednesday
justice-day-4 = Thursday
justice-day-5 = Friday
justice-day-6 = Saturday
justice-day-7 = Sunday
justice-month-1 = January
justice-month-2 = February
justice-month-3 = March
justice-month-4 = April
justice-month-5 = May
justice-month-6 = June
justice-month-7 = July
justice-month-8 = August
justice-month-9 = September
justice-month-10 = October
justice-month-11 = November
justice-month-12 = December
