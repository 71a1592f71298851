//! The clock of a simulation: an instant passed in by the caller, never read from the system
//! (in the browser build there is no clock to read from inside the engine, and tests must be
//! reproducible).
//!
//! It fills `aws:CurrentTime` (ISO 8601) and `aws:EpochTime` (seconds), which the IAM User
//! Guide lists among the request properties present in every request
//! (reference_policies_condition-keys.html), and computes session expirations.

use serde::{Deserialize, Serialize};

/// An instant, in whole seconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Clock {
    epoch_seconds: i64,
}

impl Clock {
    /// The instant `epoch_seconds` after 1970-01-01T00:00:00Z.
    pub fn from_epoch_seconds(epoch_seconds: i64) -> Clock {
        Clock { epoch_seconds }
    }

    /// Reads an ISO 8601 instant (`2025-01-15T09:30:00Z`, any W3C profile) or epoch seconds.
    pub fn parse(text: &str) -> Option<Clock> {
        let nanos = iam_policy::condition::parse_date(text)?;
        let seconds = i64::try_from(nanos.div_euclid(1_000_000_000)).ok()?;
        Some(Clock::from_epoch_seconds(seconds))
    }

    /// Seconds since the epoch (`aws:EpochTime`).
    pub fn epoch_seconds(self) -> i64 {
        self.epoch_seconds
    }

    /// The instant `seconds` later.
    pub fn plus(self, seconds: i64) -> Clock {
        Clock::from_epoch_seconds(self.epoch_seconds.saturating_add(seconds))
    }

    /// `YYYY-MM-DDThh:mm:ssZ` (`aws:CurrentTime`, `aws:TokenIssueTime`, session expirations).
    pub fn iso8601(self) -> String {
        let days = self.epoch_seconds.div_euclid(86_400);
        let second_of_day = self.epoch_seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            second_of_day / 3600,
            second_of_day % 3600 / 60,
            second_of_day % 60
        )
    }
}

impl std::fmt::Display for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.iso8601())
    }
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_instants() {
        assert_eq!(
            Clock::from_epoch_seconds(0).iso8601(),
            "1970-01-01T00:00:00Z"
        );
        let clock = Clock::parse("2024-02-29T23:59:59Z").unwrap();
        assert_eq!(clock.iso8601(), "2024-02-29T23:59:59Z");
        assert_eq!(clock.plus(1).iso8601(), "2024-03-01T00:00:00Z");
        assert_eq!(
            Clock::parse("1700000000").unwrap().epoch_seconds(),
            1_700_000_000
        );
        assert_eq!(
            Clock::from_epoch_seconds(-1).iso8601(),
            "1969-12-31T23:59:59Z"
        );
    }
}
