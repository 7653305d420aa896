//! Integration tests of dvs-backend against dvs-mock: claims, replays, limits, races on
//! SQLite and PostgreSQL, crash recovery.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod boundary;
mod claims;
mod crash;
mod outages;
mod postgres;
mod race;
mod standing;
mod support;
mod your_project;
