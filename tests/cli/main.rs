//! Integration tests: they run the real binary on the embedded record and on
//! fixture directories, and check answers, exit codes and error text.

mod common;

mod assess;
mod audit;
mod bad_input;
mod build_and_db;
mod check;
mod cli_behaviour;
mod help;
mod hostile;
mod indications;
mod indications_all;
mod json_keys;
mod open_world;
mod pipes;
mod places;
mod products;
mod properties;
mod readme;
mod record_facts;
mod regulation;
mod resolution;
mod show;
mod site;
mod sql_and_search;
mod tables;
