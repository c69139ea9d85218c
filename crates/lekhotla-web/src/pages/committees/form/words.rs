//! A meeting's problems in the person's language: the field a path names (`actions[1].deadline` is "Action
//! item 2: deadline") and the domain's reasons by their messages; a reason without one is shown as "not
//! accepted" with the rule in English, as the intake forms do.

use crate::pages::chrome::Chrome;

/// The message of each field of a meeting, an attendance line or an action item.
const FIELDS: [(&str, &str); 17] = [
    ("committee", "committee-committee"),
    ("held_on", "committee-held-on"),
    ("place", "committee-place"),
    ("chair", "committee-chair"),
    ("agenda", "committee-agenda"),
    ("decisions", "committee-decisions"),
    ("attendance", "committee-attendance"),
    ("actions", "committee-actions"),
    ("organisation", "committee-attendance-org"),
    ("guest", "committee-attendance-guest"),
    ("people", "committee-people"),
    ("text", "committee-action-text"),
    ("owner", "committee-action-owner"),
    ("deadline", "committee-action-deadline"),
    ("status", "committee-action-status"),
    ("activities", "committee-action-activities"),
    ("cases", "committee-action-cases"),
];

/// The reasons the domain gives whose words are the whole message.
const REASONS: [(&str, &str); 7] = [
    ("must not be empty", "committee-error-empty"),
    ("must not be in the future", "committee-error-future"),
    ("must have at least one item", "committee-error-agenda"),
    ("must count at least one organisation that attended", "committee-error-attendance"),
    ("is counted on a line above: add the people up", "committee-error-counted"),
    ("must be given (or a guest organisation's name)", "committee-error-org-needed"),
    ("is for an organisation the registry does not hold: give one or the other", "committee-error-org-or-guest"),
];

fn name(c: &Chrome, key: &str) -> String {
    FIELDS.iter().find(|(k, _)| *k == key).map_or_else(|| key.to_owned(), |(_, id)| c.t(id))
}

/// The field a path names, in the person's language.
pub fn field_label(c: &Chrome, path: &str) -> String {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let (key, index) = match head.split_once('[') {
        Some((k, i)) => (k, i.trim_end_matches(']').parse::<usize>().ok()),
        None => (head, None),
    };
    let whole = match (key, index) {
        ("attendance", Some(i)) => c.t1("committee-attendance-row", "n", i + 1),
        ("actions", Some(i)) => c.t1("committee-action-row", "n", i + 1),
        (k, Some(i)) => format!("{} {}", name(c, k), i + 1),
        (k, None) => name(c, k),
    };
    if rest.is_empty() { whole } else { format!("{whole}: {}", name(c, rest)) }
}

/// The domain's reason in the person's language.
pub fn say(c: &Chrome, reason: &str) -> String {
    if let Some((_, id)) = REASONS.iter().find(|(english, _)| *english == reason) {
        return c.t(id);
    }
    let last = reason.rsplit(' ').next().unwrap_or_default().trim_matches(['(', ')']);
    if reason.starts_with("must not be before the day of the meeting") {
        c.t1("committee-error-deadline-before", "day", last)
    } else if reason.starts_with("must not be after") {
        c.t1("committee-error-deadline-far", "day", last)
    } else if reason.starts_with("must be from 1 to") {
        c.t1("committee-error-people", "max", last)
    } else if reason.starts_with("the action plan has no activity") {
        c.t1("committee-error-activity", "code", last)
    } else if reason.contains("is not an activity's code") {
        c.t1("committee-error-activity-level", "code", reason.split(' ').next().unwrap_or_default())
    } else if reason.starts_with("no case has the number") {
        c.t1("committee-error-case", "number", last)
    } else if reason.starts_with("no organisation has the id") {
        c.t("committee-error-org-unknown")
    } else if reason.starts_with("names ") && reason.ends_with(" twice") {
        c.t1("committee-error-twice", "value", reason.split(' ').nth(1).unwrap_or_default())
    } else {
        c.t1("intake-not-accepted", "reason", reason)
    }
}
