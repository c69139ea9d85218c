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
dash-registered = cases registered
dash-by-district = Cases by district
dash-district = District
dash-national-office = National office
dash-database = Database: { $backend }.

## E: my work and the figures
work-title = My work
work-summary = What needs you now
work-nothing = Nothing is waiting for you.
work-referrals = Referrals waiting for your organisation
work-referrals-none = No referral is waiting for an answer.
work-all-referrals = All referrals
work-owned = Open cases of your organisation
work-owned-none = Your organisation has no open case.
work-assigned = Cases assigned to you
work-assigned-none = No case is assigned to you.
work-all-cases = Search the cases
work-hearings = Hearings in the next 14 days
work-hearings-none = No hearing in the next 14 days.
work-calendar = The court calendar
work-idle = Open cases with no activity for 30 days
work-idle-none = Every open case has moved in the last 30 days.
work-child-referrals = Children's referrals not yet accepted
work-child-referrals-none = Every child's referral has been answered.
work-missed = Cases where a child was not referred
work-missed-none = No child is waiting to be referred.
work-grants = Emergency access to review
work-grants-none = No emergency access in the last 30 days.
work-all-grants = Review emergency access
work-grant-unusual = unusual: alerted the national coordinator
work-grant-usual = within the usual rate
work-changed = changed { $when }
work-referral-line = { $service } from { $from } to { $to }, sent { $sent }
work-more = and { $count } more
work-your-pages = Your pages
work-link-dashboard = The registry in figures
work-link-dashboard-about = Cases and victims in numbers, by district, over time.
work-link-audit = The audit trail
work-link-audit-about = Who did what, and whether the trail is whole.
work-link-admin = Administration
work-link-admin-about = Organisations and user accounts.
work-link-tokens = API tokens
work-link-tokens-about = Every integration's token, its use and its end.
dash-level = Level
dash-national = National
dash-your-districts = Your districts
dash-showing = Showing: { $level }
dash-small-numbers = Counts from 1 to 4 are shown as "<5" so that no person can be recognised.
dash-totals = Totals
dash-victims-recorded = victims recorded
dash-table = The table behind the chart
dash-districts = Districts
dash-over-time = Over time and victims
dash-by-month = By month
dash-by-quarter = By quarter
dash-month = Month
dash-quarter = Quarter
dash-none = Nothing to count yet.
dash-map = Cases by district
dash-map-desc = A map of the districts of Lesotho, each shaded by its number of cases; darker means more. Districts outside this level are grey.
dash-cases = Cases
dash-victims = Victims
dash-not-recorded = Not recorded
dash-identified = Identified
dash-referred = Referred
dash-investigated = Investigated
dash-prosecuted = Prosecuted
dash-convicted = Convicted
dash-over-time-month = Cases by month, last 12 months
dash-over-time-quarter = Cases by quarter, last 12 months
dash-over-time-desc = Lines of the cases identified, referred, investigated, prosecuted and convicted in each period.
dash-victims-sex = Victims by sex
dash-victims-sex-desc = Bars of the number of victims of each sex.
dash-victims-age = Victims by age group
dash-victims-age-desc = Bars of the number of victims in each age group (age when trafficked, else the estimated age).
dash-victims-nationality = Victims by nationality
dash-victims-nationality-desc = Bars of the number of victims of each nationality (the first citizenship recorded).
dash-victims-exploitation = Victims by form of exploitation
dash-victims-exploitation-desc = Bars of the number of victims by form of exploitation; a victim with several forms counts under each.
dash-head-sex = Sex
dash-head-age = Age group
dash-head-nationality = Nationality
dash-head-exploitation = Form of exploitation
