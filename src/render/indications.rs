//! `indications` printed: one row per indication with its products in force;
//! with `--all`, every indication with its codes and synonyms.

use crate::answer::indications::{AllIndications, IndicationsAnswer};
use crate::error::Result;

use super::{Csv, Output, Report, join_lines, prose};

impl Report for IndicationsAnswer {
    /// An array of indications, each with its products in force.
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self.rows().collect::<Vec<_>>())
    }

    fn json_streamed(&self, out: &mut Output, record_date: Option<&str>) -> Option<Result<()>> {
        Some(super::json_rows(out, self.rows(), record_date))
    }

    /// One row per product in force for an indication.
    fn csv(&self) -> Csv {
        Csv {
            headers: APPROVED_HEADERS.to_vec(),
            rows: approved_rows(self).collect(),
        }
    }

    fn csv_streamed(&self, out: &mut Output) -> Option<Result<()>> {
        Some(out.csv_each(APPROVED_HEADERS, approved_rows(self)))
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        if self.is_empty() {
            return out.line(&format!(
                "No indication has a product approved in this scope (as of {}).",
                self.as_of
            ));
        }
        // Laid out a few rows at a time: at 10^6 decisions an indication's
        // cell is thousands of lines, and the table laid out whole was 290 MB.
        // Every row is measured first, so the columns are the whole table's.
        let row = |r: &crate::answer::indications::IndicationRow| {
            vec![
                r.name.clone(),
                join_lines(r.products.iter().map(prose::approved_label)),
            ]
        };
        let headers = [
            "Indication",
            &format!("Approved products in force (as of {})", self.as_of),
        ];
        let mut table = out.table_rows(&headers);
        for r in self.rows() {
            table.measure(&row(&r));
        }
        for r in self.rows() {
            table.row(row(&r))?;
        }
        let out = table.finish()?;
        out.line(&format!("{}.", prose::count(self.len(), "indication")))
    }
}

const APPROVED_HEADERS: &[&str] = &[
    "indication_id",
    "indication",
    "product_id",
    "jurisdiction",
    "regulator",
    "decision",
    "date",
    "date_qualifier",
    "as_of",
];

/// The CSV rows of `indications`: one per product in force for an indication.
fn approved_rows(a: &IndicationsAnswer) -> impl Iterator<Item = Vec<String>> + '_ {
    a.rows().flat_map(|r| {
        let (id, name, as_of) = (r.id, r.name, r.as_of);
        r.products.into_iter().map(move |p| {
            vec![
                id.clone(),
                name.clone(),
                p.product_id,
                p.jurisdiction,
                p.regulator,
                p.decision,
                p.date,
                p.date_qualifier.unwrap_or_default(),
                as_of.clone(),
            ]
        })
    })
}

impl Report for AllIndications {
    /// An array of every indication: id, name, area, synonyms, ICD-10-CM
    /// codes, and where a product is approved for it.
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.rows)
    }

    fn json_streamed(&self, out: &mut Output, record_date: Option<&str>) -> Option<Result<()>> {
        Some(super::json_rows(out, &self.rows, record_date))
    }

    /// Lists are `;`-separated, as in `data/indications.csv`.
    fn csv(&self) -> Csv {
        Csv {
            headers: vec![
                "id",
                "name",
                "area",
                "icd10cm",
                "synonyms",
                "approved_in",
                "as_of",
            ],
            rows: self
                .rows
                .iter()
                .map(|r| {
                    let i = &r.indication;
                    vec![
                        i.id.clone(),
                        i.name.clone(),
                        i.area.clone().unwrap_or_default(),
                        i.icd10cm.join(";"),
                        i.synonyms.join(";"),
                        r.approved_in.join(";"),
                        r.as_of.clone(),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        if self.rows.is_empty() {
            return out.line("The record holds no indication.");
        }
        let lines: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                let i = &r.indication;
                vec![
                    format!("{}\n{}", i.name, i.id),
                    join_lines(i.icd10cm.iter().cloned()),
                    i.synonyms.join(", "),
                    if r.approved_in.is_empty() {
                        "—".to_string()
                    } else {
                        r.approved_in.join(", ")
                    },
                ]
            })
            .collect();
        out.table(
            &[
                "Indication",
                "ICD-10-CM",
                "Synonyms",
                &format!("Approved in (as of {})", self.as_of),
            ],
            &lines,
        )?;
        let approved = self.rows.iter().filter(|r| !r.approved_in.is_empty()).count();
        out.line(&format!(
            "{} in the record; {approved} with a product approved in this scope.",
            prose::count(self.rows.len(), "indication")
        ))
    }
}
