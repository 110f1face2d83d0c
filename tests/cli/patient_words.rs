//! The patient's own words (issue 21; newcomer report m1–m3): country names
//! in the patient's language, generated from CLDR by scripts/gen-jurisdictions,
//! and lay disease names in those languages.

use crate::common::{answer, json};

/// The jurisdiction a `check --in NAME` answer is about.
fn place_of(name: &str) -> String {
    let (_, report) = answer("check", &["ryoncil", "--in", name]);
    report["query"]["in"].as_str().unwrap_or_default().to_string()
}

#[test]
fn country_names_in_the_patients_language_resolve() {
    for (name, code) in [
        ("Estados Unidos", "US"),
        ("EE.UU.", "US"),
        ("EE. UU.", "US"),
        ("États-Unis", "US"),
        ("Vereinigte Staaten", "US"),
        ("美国", "US"),
        ("Alemania", "DE"),
        ("Allemagne", "DE"),
        ("Germania", "DE"),
        ("韩国", "KR"),
        ("Südkorea", "KR"),
        ("Corea del Sur", "KR"),
        ("Coreia do Sul", "KR"),
        ("Güney Kore", "KR"),
        ("ประเทศไทย", "TH"),
        ("Tailandia", "TH"),
        ("Japón", "JP"),
        ("Hàn Quốc", "KR"),
        ("Республика Корея", "KR"),
        ("الهند", "IN"),
        ("भारत", "IN"),
    ] {
        assert_eq!(place_of(name), code, "{name}");
    }
}

/// "Estados Unidos" is the United States, not Mexico (Estados Unidos Mexicanos).
#[test]
fn estados_unidos_is_not_mexico() {
    assert_eq!(place_of("Estados Unidos Mexicanos"), "MX");
    assert_eq!(place_of("Estados Unidos"), "US");
}

/// The English article comes from the place data: `jurisdictions` carries it.
#[test]
fn the_article_is_place_data() {
    let rows = json(&[
        "sql",
        "SELECT code, article FROM jurisdictions WHERE code IN ('BS','DO','US','JP','NE') ORDER BY code",
    ]);
    let pairs: Vec<(String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["article"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expect = |c: &str, a: &str| (c.to_string(), a.to_string());
    assert_eq!(
        pairs,
        vec![
            expect("BS", "the"),
            expect("DO", "the"),
            expect("JP", ""),
            expect("NE", ""),
            expect("US", "the"),
        ]
    );
}

/// The ICD-10-CM codes `check --for NAME` answers about.
fn codes_of(name: &str) -> Vec<String> {
    let (_, report) = answer("check", &["--for", name]);
    let disease = &report["disease"];
    let mut codes: Vec<String> = disease["codes"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c.as_str().map(String::from)).collect())
        .unwrap_or_default();
    if codes.is_empty()
        && let Some(code) = disease["code"].as_str()
    {
        codes.push(code.to_string());
    }
    codes.sort();
    codes
}

#[test]
fn lay_disease_names_in_the_patients_language_resolve() {
    for (name, code) in [
        ("autismo", "F84.0"),
        ("自闭症", "F84.0"),
        ("孤独症", "F84.0"),
        ("自閉症", "F84.0"),
        ("자폐스펙트럼장애", "F84.0"),
        ("transtorno do espectro autista", "F84.0"),
        ("esclerose múltipla", "G35"),
        ("esclerosis múltiple", "G35"),
        ("Multiple Sklerose", "G35"),
        ("arthrose du genou", "M17"),
        ("gonarthrose", "M17"),
        ("Kniearthrose", "M17"),
        ("artrosis de rodilla", "M17"),
        ("disturbo dello spettro autistico", "F84.0"),
        ("ออทิสติก", "F84.0"),
        ("ऑटिज़्म", "F84.0"),
        ("التوحد", "F84.0"),
        ("التوحّد", "F84.0"),
        ("аутизм", "F84.0"),
        ("otizm", "F84.0"),
        ("tự kỷ", "F84.0"),
    ] {
        let codes = codes_of(name);
        assert!(codes.iter().any(|c| c == code), "{name}: {codes:?}");
    }
}

/// "diabetes" is every type, not type 1; the other everyday words resolve.
#[test]
fn everyday_words_resolve_to_what_a_patient_means() {
    for name in ["diabetes", "diabetes mellitus"] {
        let codes = codes_of(name);
        assert!(
            codes.contains(&"E10".to_string()) && codes.contains(&"E11".to_string()),
            "{name}: {codes:?}"
        );
        let (_, report) = answer("check", &["--for", name]);
        let headline = report["headline"].as_str().unwrap();
        assert!(!headline.contains("for type 1 diabetes"), "{name}: {headline}");
    }
    for (name, code) in [
        ("kidney failure", "N18"),
        ("renal failure", "N17"),
        ("ED", "N52"),
        ("rejuvenation", "R54"),
        ("longevity", "R54"),
    ] {
        let codes = codes_of(name);
        assert!(codes.iter().any(|c| c == code), "{name}: {codes:?}");
    }
}

/// The article in answers comes from the place data, not a list of prefixes.
#[test]
fn answers_use_the_article_of_the_place_data() {
    for (place, phrase) in [
        ("Bahamas", "not approved in the Bahamas"),
        ("Dominican Republic", "not approved in the Dominican Republic"),
        ("Philippines", "not approved in the Philippines"),
        ("Niger", "not approved in Niger"),
        ("Japan", "approved in Japan"),
    ] {
        let (_, r) = answer("check", &["ryoncil", "--in", place]);
        let (_, t) = answer("check", &["temcell", "--in", place]);
        let h = format!("{} {}", r["headline"], t["headline"]);
        assert!(h.contains(phrase), "{place}: {h}");
    }
}

/// `--in Estados Unidos` unquoted works as names do.
#[test]
fn unquoted_multi_word_places_work() {
    for args in [
        &["ryoncil", "--in", "Estados", "Unidos"][..],
        &["--in", "Estados", "Unidos", "ryoncil"][..],
    ] {
        let (code, r) = answer("check", args);
        assert_eq!(code, 0, "{args:?}: {r}");
        assert_eq!(r["query"]["in"], "US", "{args:?}");
        assert_eq!(r["product"]["id"], "remestemcel-l", "{args:?}");
    }
    let (_, r) = answer("check", &["--in", "Corea", "del", "Sur", "cartistem"]);
    assert_eq!(r["query"]["in"], "KR");
    // A product of several words is still one product.
    let (_, r) = answer("check", &["TEMCELL", "HS", "Inj.", "--in", "Japan"]);
    assert_eq!(r["product"]["id"], "temcell");
}
