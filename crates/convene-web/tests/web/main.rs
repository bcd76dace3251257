//! The website, exports and API, driven in-process through the router, on SQLite and on PostgreSQL.

mod api;
mod characters;
mod errors;
mod exports;
mod helpers;
mod http;
mod identity;
mod jobs;
mod joining;
mod mail;
mod messages;
mod nodes;
mod notices;
mod organiser;
mod pages;
mod participants;
mod people;
mod reminders;
mod server;
mod session_times;
mod snapshots;
mod timetable;
mod versions;
