//! airadar: a terminal dashboard that watches AI model and compute announcements in feeds.
//!
//! Data flows one way: [`feeds`] → [`extract`] → [`store`] → [`state`] → [`ui`].
//! Keys flow the other way as [`action::Action`]s.
#![forbid(unsafe_code)]

pub mod action;
pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod extract;
pub mod feeds;
pub mod keymap;
pub mod logging;
pub mod memory;
pub mod report;
pub mod sanitize;
pub mod state;
pub mod store;
pub mod ui;
