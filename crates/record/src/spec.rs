//! The table schema of the record: one declaration that drives CSV
//! validation, the SQLite tables and `data/datapackage.json`.

use crate::model::{
    AliasKind, CellType, ClaimVerdict, Confidence, DateQualifier, DecisionKind, Donor, FilingKind,
    SourceKind, Tissue, Topic,
};

/// What a column may hold.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Free text.
    Text,
    /// A lowercase identifier: `a-z`, `0-9` and inner hyphens.
    Slug,
    /// An uppercase code: `A-Z`, `0-9`.
    Code,
    /// A date at year, month or day precision.
    Date,
    /// An absolute http(s) URL.
    Url,
    /// One value of a closed list.
    Enum(&'static [&'static str]),
    /// The key of a row in another table.
    Ref(&'static str),
    /// Keys of rows in another table, separated by `;`.
    RefList(&'static str),
    /// Free-text values separated by `;`.
    TextList,
    /// A non-negative whole number.
    Integer,
}

#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub description: &'static str,
}

#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    /// One row's name, used for link tables (`decision_sources.decision_id`).
    pub singular: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: &'static [Column],
    /// Columns whose values together must be unique. The first table-level
    /// reference target is the first column of the key.
    pub primary_key: &'static [&'static str],
}

impl Table {
    pub fn file(&self) -> String {
        format!("{}.csv", self.name)
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// The separator inside list cells.
pub const LIST_SEPARATOR: char = ';';

const fn col(name: &'static str, kind: Kind, required: bool, description: &'static str) -> Column {
    Column {
        name,
        kind,
        required,
        description,
    }
}

use Kind::*;

/// Every table, in load order: a table only refers to tables before it.
pub const TABLES: &[Table] = &[
    Table {
        name: "sources",
        singular: "source",
        title: "Sources",
        description: "Documents the record cites: regulator pages, laws, court rulings, journal articles, reviews, press and company releases.",
        primary_key: &["id"],
        columns: &[
            col("id", Slug, true, "Identifier cited by other tables."),
            col(
                "kind",
                Enum(SourceKind::NAMES),
                true,
                "What sort of document it is.",
            ),
            col(
                "title",
                Text,
                true,
                "Title of the document, or a short description when it has none.",
            ),
            col("publisher", Text, true, "Who published it."),
            col("date", Date, false, "Publication date at the precision known."),
            col(
                "url",
                Url,
                false,
                "Where it can be read. Every source cited by a decision has one.",
            ),
            col(
                "review_ref",
                Text,
                false,
                "The reference number the 2025 review gives this document, when it cites it.",
            ),
        ],
    },
    Table {
        name: "jurisdictions",
        singular: "jurisdiction",
        title: "Jurisdictions",
        description: "Countries (ISO 3166-1 alpha-2) and the European Union (EU).",
        primary_key: &["code"],
        columns: &[
            col("code", Code, true, "ISO 3166-1 alpha-2 code, or EU."),
            col("alpha3", Code, false, "ISO 3166-1 alpha-3 code."),
            col("name", Text, true, "Short English name."),
            col(
                "member_of",
                Ref("jurisdictions"),
                false,
                "A union whose decisions also apply here (EU for its member states).",
            ),
            col(
                "aliases",
                TextList,
                false,
                "Other names and demonyms used in print, separated by ';'.",
            ),
        ],
    },
    Table {
        name: "regulators",
        singular: "regulator",
        title: "Regulators",
        description: "Agencies that take decisions on cell products.",
        primary_key: &["id"],
        columns: &[
            col("id", Code, true, "Short identifier (FDA, EMA, PMDA, ...)."),
            col("name", Text, true, "Full name."),
            col(
                "jurisdiction",
                Ref("jurisdictions"),
                true,
                "Where its decisions apply.",
            ),
            col(
                "aliases",
                TextList,
                false,
                "Other names, former names and bodies within it, separated by ';'.",
            ),
        ],
    },
    Table {
        name: "indications",
        singular: "indication",
        title: "Indications",
        description: "Diseases and conditions that decisions are about.",
        primary_key: &["id"],
        columns: &[
            col("id", Slug, true, "Identifier."),
            col("name", Text, true, "Name."),
            col(
                "synonyms",
                TextList,
                false,
                "Other names and abbreviations, separated by ';'. One synonym may name several indications.",
            ),
            col("area", Text, false, "Medical area."),
        ],
    },
    Table {
        name: "products",
        singular: "product",
        title: "Products",
        description: "Cell product lines: one sponsor's product under all its brands.",
        primary_key: &["id"],
        columns: &[
            col("id", Slug, true, "Identifier."),
            col("name", Text, true, "Current or best-known brand."),
            col(
                "nonproprietary_name",
                Text,
                false,
                "INN, USAN or national generic name.",
            ),
            col(
                "sponsor",
                Text,
                true,
                "Developer or marketing-authorisation holder.",
            ),
            col(
                "cell_type",
                Enum(CellType::NAMES),
                true,
                "Kind of cells; msc, mesenchymal-precursor, modified-msc and adipose-svf are MSC-like.",
            ),
            col(
                "donor",
                Enum(Donor::NAMES),
                true,
                "Whose cells: the patient's own (autologous) or a donor's (allogeneic).",
            ),
            col("tissue", Enum(Tissue::NAMES), true, "Tissue the cells come from."),
            col(
                "sources",
                RefList("sources"),
                true,
                "Sources for the product's identity and cells, separated by ';'.",
            ),
            col(
                "notes",
                Text,
                false,
                "What else matters, including what the sources could not confirm.",
            ),
        ],
    },
    Table {
        name: "aliases",
        singular: "alias",
        title: "Aliases",
        description: "Other names of products: brands, nonproprietary names, development codes, former names and misspellings found in print.",
        primary_key: &["product_id", "alias"],
        columns: &[
            col("product_id", Ref("products"), true, "The product."),
            col("alias", Text, true, "The name as written."),
            col("kind", Enum(AliasKind::NAMES), true, "What sort of name it is."),
            col("note", Text, false, "Where the name is used or seen."),
        ],
    },
    Table {
        name: "decisions",
        singular: "decision",
        title: "Decisions",
        description: "Regulatory decisions, each an event with a date. The status of a product is derived from them.",
        primary_key: &["id"],
        columns: &[
            col("id", Slug, true, "Identifier."),
            col("product_id", Ref("products"), true, "The product decided on."),
            col(
                "jurisdiction",
                Ref("jurisdictions"),
                true,
                "Where the decision applies.",
            ),
            col("regulator", Ref("regulators"), true, "Who decided."),
            col(
                "decision",
                Enum(DecisionKind::NAMES),
                true,
                "What was decided. Grants: approval, conditional-approval, time-limited-approval, provisional-consent, hospital-exemption. Ends: withdrawal, expiry, suspension, revocation. Negative: refusal, complete-response, refuse-to-file, application-withdrawn. The rest never allow marketing.",
            ),
            col("date", Date, true, "When, at the precision the sources give."),
            col(
                "date_qualifier",
                Enum(DateQualifier::NAMES),
                false,
                "'announced' when the date is that of the announcement; 'by' when the event happened on or before it.",
            ),
            col(
                "valid_until",
                Date,
                false,
                "End of a grant's own term, when the sources give one.",
            ),
            col("brand", Text, false, "Name the product carried in this decision."),
            col(
                "indication_id",
                Ref("indications"),
                false,
                "Indication; empty only for an end that covers every indication.",
            ),
            col(
                "indication_text",
                Text,
                false,
                "The indication as decided, paraphrased.",
            ),
            col("pathway", Text, false, "Legal route or procedure."),
            col(
                "sources",
                RefList("sources"),
                true,
                "Sources, separated by ';'. Each must have a URL.",
            ),
            col(
                "confidence",
                Enum(Confidence::NAMES),
                true,
                "high: regulator page, peer-reviewed article or several consistent reports; medium: one reliable source; low: one weak or secondary source.",
            ),
            col(
                "status_note",
                Text,
                false,
                "For a grant: what the sources could not confirm about whether it is still in force.",
            ),
            col("note", Text, false, "Context."),
        ],
    },
    Table {
        name: "frameworks",
        singular: "framework",
        title: "Frameworks",
        description: "How each regulator treats cell products: one row per regulator and topic.",
        primary_key: &["regulator", "topic"],
        columns: &[
            col("regulator", Ref("regulators"), true, "The regulator."),
            col(
                "topic",
                Enum(Topic::NAMES),
                true,
                "What the row is about; tables show topics in this list's order.",
            ),
            col(
                "summary",
                Text,
                true,
                "The facts, in short; 'No source found.' where none was.",
            ),
            col(
                "sources",
                RefList("sources"),
                false,
                "Sources, separated by ';'. Empty only when the summary begins 'No source found'.",
            ),
        ],
    },
    Table {
        name: "filings",
        singular: "filing",
        title: "Filings",
        description: "Investigational filings and registrations with their numbers: INDs, CTAs, acceptance numbers, trial registrations, BLAs, master files.",
        primary_key: &["id"],
        columns: &[
            col("id", Slug, true, "Identifier."),
            col(
                "product_id",
                Ref("products"),
                false,
                "The product, when the filing is for one.",
            ),
            col("sponsor", Text, true, "Who filed."),
            col(
                "regulator",
                Ref("regulators"),
                false,
                "The agency, when the sources name it.",
            ),
            col("kind", Enum(FilingKind::NAMES), true, "What sort of filing."),
            col(
                "number",
                Text,
                false,
                "The number as issued (IND 30788, CXSL2400882, NCT...), when known.",
            ),
            col(
                "date",
                Date,
                false,
                "Date of the status, at the precision the sources give.",
            ),
            col(
                "date_qualifier",
                Enum(DateQualifier::NAMES),
                false,
                "'announced' or 'by', as for decisions.",
            ),
            col("status", Text, true, "Status as of the date."),
            col("phase", Text, false, "Trial phase and name."),
            col("indication_id", Ref("indications"), false, "Indication."),
            col("indication_text", Text, false, "Indication as filed."),
            col("sources", RefList("sources"), true, "Sources, separated by ';'."),
            col("note", Text, false, "Context."),
        ],
    },
    Table {
        name: "claims",
        singular: "claim",
        title: "Claims",
        description: "Published claims about approvals and rules, as printed, each with a verdict against the record.",
        primary_key: &["id"],
        columns: &[
            col("id", Slug, true, "Identifier."),
            col(
                "source_id",
                Ref("sources"),
                true,
                "The publication that makes the claim.",
            ),
            col("locator", Text, true, "Where in it: table and row, or section."),
            col("position", Integer, true, "Printed order within the publication."),
            col("printed_location", Text, false, "The location cell as printed."),
            col("printed_year", Text, false, "The year cell as printed."),
            col("printed_name", Text, false, "The product name as printed."),
            col("printed_cell_source", Text, false, "The cell source as printed."),
            col("printed_indication", Text, false, "The indication as printed."),
            col(
                "printed_text",
                Text,
                false,
                "The sentence as printed, for claims in running text.",
            ),
            col(
                "verdict",
                Enum(ClaimVerdict::NAMES),
                true,
                "confirmed; corrected (right in substance, wrong in a detail); wrong; unverified.",
            ),
            col(
                "product_id",
                Ref("products"),
                false,
                "The product the claim names, when it is in the record.",
            ),
            col(
                "decision_ids",
                RefList("decisions"),
                false,
                "Decisions that decide the claim, separated by ';'.",
            ),
            col(
                "claimed_count",
                Integer,
                false,
                "For a claim about a number, the number claimed.",
            ),
            col(
                "correction",
                Text,
                true,
                "What the record says instead, or why the claim holds.",
            ),
            col(
                "sources",
                RefList("sources"),
                true,
                "Sources for the verdict, separated by ';'.",
            ),
            col(
                "note",
                Text,
                false,
                "How the row was read (merged cells carried down, duplicates).",
            ),
        ],
    },
];

pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// The Frictionless Data Package descriptor of the record (Table Schema),
/// generated from `TABLES` so that it states exactly what loading enforces.
pub fn datapackage() -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let resources: Vec<Value> = TABLES
        .iter()
        .map(|table| {
            let fields: Vec<Value> = table
                .columns
                .iter()
                .map(|c| {
                    let mut constraints = Map::new();
                    if c.required {
                        constraints.insert("required".into(), json!(true));
                    }
                    let mut description = c.description.to_string();
                    match c.kind {
                        Kind::Slug => {
                            constraints.insert("pattern".into(), json!("[a-z0-9]+(-[a-z0-9]+)*"));
                        }
                        Kind::Code => {
                            constraints.insert("pattern".into(), json!("[A-Z0-9]{1,12}"));
                        }
                        Kind::Integer => {
                            constraints.insert("minimum".into(), json!(0));
                        }
                        Kind::Date => {
                            constraints.insert("pattern".into(), json!("[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"));
                            description.push_str(
                                " ISO 8601 at year, month or day precision; impossible dates are rejected.",
                            );
                        }
                        Kind::Enum(values) => {
                            constraints.insert("enum".into(), json!(values));
                        }
                        Kind::RefList(target) => {
                            description.push_str(&format!(" Each item must be a key of {target}."));
                        }
                        _ => {}
                    }
                    let mut field = Map::new();
                    field.insert("name".into(), json!(c.name));
                    field.insert(
                        "type".into(),
                        json!(if matches!(c.kind, Kind::Integer) {
                            "integer"
                        } else {
                            "string"
                        }),
                    );
                    if matches!(c.kind, Kind::Url) {
                        field.insert("format".into(), json!("uri"));
                    }
                    field.insert("description".into(), json!(description));
                    if !constraints.is_empty() {
                        field.insert("constraints".into(), Value::Object(constraints));
                    }
                    Value::Object(field)
                })
                .collect();
            let foreign_keys: Vec<Value> = table
                .columns
                .iter()
                .filter_map(|c| match c.kind {
                    Kind::Ref(target) => {
                        let key = self::table(target).map_or("id", |t| t.primary_key[0]);
                        let resource = if target == table.name { "" } else { target };
                        Some(json!({"fields": c.name, "reference": {"resource": resource, "fields": key}}))
                    }
                    _ => None,
                })
                .collect();
            let mut schema = json!({
                "fields": fields,
                "primaryKey": table.primary_key,
                "missingValues": [""],
            });
            if !foreign_keys.is_empty() {
                schema["foreignKeys"] = json!(foreign_keys);
            }
            json!({
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "path": table.file(),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            })
        })
        .collect();
    json!({
        "name": "mscdb",
        "title": "mscdb: approved mesenchymal stromal cell products and their regulatory decisions",
        "description": "A curated, sourced record of MSC and MSC-like products that received a regulatory decision, as events with dates. List cells are separated by ';'. Generated by `mscdb datapackage`; do not edit by hand.",
        "resources": resources,
    })
}
