//! Month, weekday and zone names as feeds write them in English, Portuguese and Spanish.

/// Zone abbreviations seen in feeds, as offsets in seconds.
pub(super) fn zone_name(token: &str) -> Option<i32> {
    let hours = match token {
        "z" | "ut" | "utc" | "gmt" | "wet" => 0,
        "bst" | "cet" | "wat" | "west" => 1,
        "cest" | "eet" => 2,
        "eest" | "msk" => 3,
        "jst" | "kst" => 9,
        "brt" | "art" => -3,
        "edt" => -4,
        "est" | "cdt" => -5,
        "cst" | "mdt" => -6,
        "mst" | "pdt" => -7,
        "pst" => -8,
        _ => return None,
    };
    Some(hours * 3600)
}

/// Words that join date parts in pt/es/en ("24 de setembro de 2018", "às 10:00", "at").
pub(super) fn is_filler(token: &str) -> bool {
    matches!(
        token,
        "de" | "del" | "of" | "at" | "às" | "as" | "a" | "las" | "la" | "el" | "h"
    )
}

/// Month names and abbreviations in English, Portuguese and Spanish.
pub(super) fn month(token: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["jan", "january", "janeiro", "ene", "enero"],
        &["feb", "february", "fev", "fevereiro", "febrero"],
        &["mar", "march", "março", "marco", "marzo"],
        &["apr", "april", "abr", "abril"],
        &["may", "mai", "maio", "mayo"],
        &["jun", "june", "junho", "junio"],
        &["jul", "july", "julho", "julio"],
        &["aug", "august", "ago", "agosto"],
        &[
            "sep",
            "sept",
            "september",
            "set",
            "setembro",
            "septiembre",
            "setiembre",
        ],
        &["oct", "october", "out", "outubro", "octubre"],
        &["nov", "november", "novembro", "noviembre"],
        &["dec", "december", "dez", "dezembro", "dic", "diciembre"],
    ];
    MONTHS
        .iter()
        .position(|names| names.contains(&token))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Weekday names and abbreviations in English, Portuguese and Spanish.
pub(super) fn weekday(token: &str) -> bool {
    const WEEKDAYS: &[&str] = &[
        "mon",
        "monday",
        "tue",
        "tues",
        "tuesday",
        "wed",
        "wednesday",
        "thu",
        "thur",
        "thurs",
        "thursday",
        "fri",
        "friday",
        "sat",
        "saturday",
        "sun",
        "sunday",
        "seg",
        "segunda",
        "ter",
        "terça",
        "terca",
        "qua",
        "quarta",
        "qui",
        "quinta",
        "sex",
        "sexta",
        "sáb",
        "sab",
        "sábado",
        "sabado",
        "dom",
        "domingo",
        "lun",
        "lunes",
        "mar",
        "martes",
        "mié",
        "mie",
        "miércoles",
        "miercoles",
        "jue",
        "jueves",
        "vie",
        "viernes",
    ];
    let token = token.strip_suffix("-feira").unwrap_or(token);
    WEEKDAYS.contains(&token)
}
