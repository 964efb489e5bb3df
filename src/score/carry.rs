//! What carries over from last week: a finding's `first_seen`, an action's
//! due date, and the week a finding was resolved or an action done.
//!
//! Without a baseline every finding is first seen this week, every due
//! date counts from this week, and when a state changed is not known.

use std::collections::BTreeMap;

use crate::model::{
    Action, ActionStatus, Baseline, BaselineAction, BaselineFinding, Finding, FindingStatus,
    RetiredFinding, Timestamp,
};

/// Last week's records, indexed by id.
pub(crate) struct Carry<'a> {
    date: Timestamp,
    baseline: Option<&'a Baseline>,
    findings: BTreeMap<&'a str, &'a BaselineFinding>,
    retired: BTreeMap<&'a str, &'a RetiredFinding>,
    actions: BTreeMap<&'a str, &'a BaselineAction>,
}

impl<'a> Carry<'a> {
    /// The records of `baseline`, for an assessment dated `date`.
    pub(crate) fn new(baseline: Option<&'a Baseline>, date: Timestamp) -> Self {
        let mut carry = Carry {
            date,
            baseline,
            findings: BTreeMap::new(),
            retired: BTreeMap::new(),
            actions: BTreeMap::new(),
        };
        if let Some(b) = baseline {
            carry.findings = b.findings().map(|(_, f)| (f.id.as_str(), f)).collect();
            carry.retired = b
                .no_longer_reported
                .iter()
                .map(|f| (f.id.as_str(), f))
                .collect();
            carry.actions = b.actions().map(|x| (x.id.as_str(), x)).collect();
        }
        carry
    }

    /// Last week's record of a finding.
    pub(crate) fn finding(&self, id: &str) -> Option<&'a BaselineFinding> {
        self.findings.get(id).copied()
    }

    /// Last week's record of an action.
    pub(crate) fn action(&self, id: &str) -> Option<&'a BaselineAction> {
        self.actions.get(id).copied()
    }

    /// The week a finding first appeared: as the input pins it, else as
    /// last week recorded it (a finding that comes back keeps its first
    /// week), else this week.
    pub(crate) fn first_seen(&self, f: &Finding) -> Timestamp {
        if let Some(at) = f.first_seen {
            return at;
        }
        if let (Some(record), Some(b)) = (self.finding(&f.id), self.baseline) {
            return record.first_seen.unwrap_or(b.date);
        }
        if let Some(record) = self.retired.get(f.id.as_str()) {
            return record.first_seen;
        }
        self.date
    }

    /// The week a finding that is not open was resolved or accepted: this
    /// week when it was open last week or is new, last week's record when
    /// it was already closed; unknown without a baseline.
    pub(crate) fn resolved_at(&self, f: &Finding) -> Option<Timestamp> {
        if f.status == FindingStatus::Open {
            return None;
        }
        self.baseline?;
        match self.finding(&f.id) {
            Some(record) if record.status != FindingStatus::Open => record.resolved_at,
            _ => Some(self.date),
        }
    }

    /// The due date last week gave an action of the same horizon: due
    /// dates stay fixed from the week an action first appeared. An action
    /// whose horizon changed is planned anew.
    pub(crate) fn pinned_due(&self, action: &Action) -> Option<Timestamp> {
        self.action(&action.id)
            .filter(|record| record.horizon == action.horizon)
            .map(|record| record.due)
    }

    /// The week an action that is done was done: this week when it was
    /// open last week or is new, last week's record when it was already
    /// done; unknown without a baseline.
    pub(crate) fn done_at(&self, action: &Action) -> Option<Timestamp> {
        if action.status != ActionStatus::Done {
            return None;
        }
        self.baseline?;
        match self.action(&action.id) {
            Some(record) if record.status == ActionStatus::Done => record.done_at,
            _ => Some(self.date),
        }
    }
}
