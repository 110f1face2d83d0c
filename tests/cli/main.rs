//! Integration tests: they run the real binary on the embedded record and on
//! fixture directories, and check answers, exit codes and error text.

mod common;

mod answers3;
mod assess;
mod audit;
mod audit_table;
mod bad_input;
mod build_and_db;
mod check;
mod cli_behaviour;
mod datasette;
mod ecosystem;
mod formats;
mod help;
mod hostile;
mod indications;
mod indications_all;
mod json_keys;
mod labels;
mod open_world;
mod patient_words;
mod pipes;
mod places;
mod products;
mod properties;
mod readme;
mod record_facts;
mod record_facts3;
mod regulation;
mod resolution;
mod sellers;
mod show;
mod site;
mod sql_and_search;
mod tables;
mod terminal;
