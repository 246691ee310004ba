//! The time phrase table: which phrase family is written how, and which window it means.

/// The phrase families; each row of [`TABLE`] names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rule {
    IsoDate,
    MonthDay,
    DayMonth,
    MonthPart,
    YearPart,
    YearRest,
    Quarter,
    Half,
    MonthYear,
    Year,
    RelativeBefore,
    RelativeAfter,
    Few,
    Soon,
    DayWord,
    WeekdayEn,
    WeekdayPt,
    WeekdayEs,
}

/// Phrase family → pattern → window. `~` is an ASCII word boundary, `<MEN>` an English month
/// (case-sensitive, so "may" the verb is not May), `<MPE>` a Portuguese or Spanish month, `<M>`
/// either. P is the published date; "dir" is the [`Direction`] rule of the module docs.
pub(super) const TABLE: &[(Rule, &str, &str)] = &[
    (
        Rule::IsoDate,
        r"~(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})~",
        "that day",
    ),
    (
        Rule::MonthDay,
        r"~<MEN> (?P<day>[0-9]{1,2})(?:st|nd|rd|th)?~(?:,? (?P<year>[0-9]{4})~)?",
        "that day; no year: by dir",
    ),
    (
        Rule::DayMonth,
        r"~(?P<day>[0-9]{1,2})(?:º|th|st|nd|rd)?(?: de|) <M>(?:,? (?:de |del )?(?P<year>[0-9]{4})~)?",
        "that day; no year: by dir",
    ),
    (
        Rule::MonthPart,
        r"(?i)~(?P<part>early|mid|late|(?:the )?end of|(?:the )?(?:beginning|start|middle) of|in[ií]cio|inicios|come[çc]o|meados|final|fim|finais|principios|comienzos|mediados|finales|fines|fin)(?: de|-| ) ?<M>(?:,? (?:de |del )?(?P<year>[0-9]{4})~)?",
        "early: days 1-10, mid: 11-20, late/end: 21-last (month precision)",
    ),
    (
        Rule::YearPart,
        r"(?i)~(?P<part>early|mid|late|(?:the )?end of|(?:the )?(?:beginning|start|middle) of|in[ií]cio|come[çc]o|meados|final|fim|principios|inicios|comienzos|mediados|finales|fines|fin)(?: de| d[oe]l?|-| )? ?(?:(?P<year>[0-9]{4})~|(?P<rel>(?:this|next|last|the) year|(?:o |este |neste |deste )?ano(?: que vem| passado)?|(?:o |este )?pr[óo]ximo ano|(?:el |este )?a[ñn]o(?: que viene| pasado)?|(?:el )?pr[óo]ximo a[ñn]o)~)",
        "early: Jan-Apr, mid: May-Aug, late: Sep-Dec, end: Oct-Dec (year precision)",
    ),
    (
        Rule::YearRest,
        r"(?i)~(?:later (?:this|in the) year|ainda (?:este|neste|em) ano|m[aá]s adelante (?:este|en el) a[ñn]o|antes del? fin(?:al)? de(?:l| este) a[ñn]o|antes do fi(?:m|nal) do ano)~",
        "P to Dec 31 (year precision)",
    ),
    (
        Rule::Quarter,
        r"(?i)~(?:(?-i:Q)(?P<qn>[1-4])|(?P<qw>first|second|third|fourth|primeiro|terceiro|quarto|primer|tercer|cuarto|segundo) (?:quarter|trimestre))(?:,? (?:of |de |del )?(?P<year>[0-9]{4}))?~",
        "that quarter; no year: by dir",
    ),
    (
        Rule::Half,
        r"(?i)~(?:(?-i:H)(?P<hn>[12])|(?P<hw>first|second|primeiro|segundo|primer|primera|segunda) (?:half|semestre|mitad))(?:,? (?:of |de |del )?(?:(?P<year>[0-9]{4})|(?P<rel>(?:this|next|the) year|este ano|do ano|deste ano|do pr[óo]ximo ano|este a[ñn]o|del a[ñn]o|del pr[óo]ximo a[ñn]o)))?~",
        "Jan-Jun or Jul-Dec; no year: by dir",
    ),
    (
        Rule::MonthYear,
        r"(?i)~(?:(?P<pre>in|by|until|from|since|before|after|through|em|at[ée]|para|desde|a partir de|en|hasta|antes de|durante|no m[eê]s de|en el mes de) )?<M>(?:,? (?:de |del |of )?(?P<year>[0-9]{4}))?~",
        "that month; no year: by dir; a bare month without preposition or year: none",
    ),
    (
        Rule::Year,
        r"(?i)~(?:in|by|until|before|through|during|em|at[ée]|para|desde|en|hasta|antes de|durante|ao longo de|a lo largo de) (?P<year>(?:19|20)[0-9]{2})~",
        "Jan 1 to Dec 31",
    ),
    (
        Rule::RelativeBefore,
        r"(?i)~(?P<rel>next|this|last|the coming|the following|the previous|pr[óo]xim[ao]|n?est[ae]|[úu]ltim[ao]|entrante) (?P<unit>week|month|year|semana|m[eê]s|ano|a[ñn]o)~",
        "week: Mon-Sun of P's week + rel, month: calendar month + rel, year: calendar year + rel",
    ),
    (
        Rule::RelativeAfter,
        r"(?i)~(?P<unit>semana|m[eê]s|ano|a[ñn]o) (?P<rel>que vem|que viene|passad[ao]|pasad[ao]|entrante)~",
        "as above",
    ),
    (
        Rule::Few,
        r"(?i)~(?:(?:in|within|over) (?:the )?(?:a few|next few|coming|next|a couple of|several|few)|within|(?:em|dentro de|daqui a) (?:poucas|poucos|algumas|alguns|umas|uns)|n[ao]s (?:pr[óo]xim[ao]s|pr[óo]xim[ao]s poucos|pr[óo]ximas poucas)|(?:en|dentro de) (?:unas|unos|pocas|pocos|algunas|algunos)(?: pocas| pocos)?|en (?:las|los) (?:pr[óo]xim[ao]s|pr[óo]xim[ao]s pocos|pr[óo]ximas pocas)) (?P<unit>days|weeks|months|dias|días|semanas|meses)~",
        "days: P+1..P+10, weeks: P+7..P+42, months: P+30..P+183 (fuzzy)",
    ),
    (
        Rule::Soon,
        r"(?i)~(?:soon|shortly|em breve|en breve|pr[óo]ximamente)~",
        "P..P+90 (fuzzy)",
    ),
    (
        Rule::DayWord,
        r"(?i)~(?P<w>today|tomorrow|yesterday|hoje|amanh[ãa]|ontem|anteontem|hoy|ayer|anteayer|(?:esta |la |por la )?ma[ñn]ana)",
        "today: P, yesterday: P-1, tomorrow: P+1 (esta mañana: P; la mañana: none)",
    ),
    (
        Rule::WeekdayEn,
        r"~(?:(?i:(?P<mod>next|last|this|this coming|this past|on)) )?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)~",
        "next: first such day after P, last: last one before P, else by dir",
    ),
    (
        Rule::WeekdayPt,
        r"(?i)~(?:(?P<pre>n?[ao]s?|nest[ae]|ness[ae]|dest[ae]|n?[ao] pr[óo]xim[ao]|n?[ao] [úu]ltim[ao]|pr[óo]xim[ao]|[úu]ltim[ao]) )?(?P<wd>(?:segunda|ter[çc]a|quarta|quinta|sexta)-feira|s[áa]bado|domingo)(?: (?P<post>passad[ao]|que vem))?(?:,? \(?(?P<dom>[0-9]{1,2})\)?)?",
        "próxima: after P, passada/última: before P, else by dir; (5): that day of month nearest P",
    ),
    (
        Rule::WeekdayEs,
        r"(?i)~(?P<pre>el|este|el pr[óo]ximo|el pasado|este pr[óo]ximo|este pasado|el [úu]ltimo) (?P<wd>lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)(?: (?P<post>pasado|que viene|pr[óo]ximo))?(?:,? \(?(?P<dom>[0-9]{1,2})\)?)?",
        "as the Portuguese row",
    ),
];

pub(super) const MONTHS_EN: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December|Sept";
pub(super) const MONTHS_PTES: &str = "janeiro|fevereiro|mar[çc]o|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre|setiembre|octubre|noviembre|diciembre";
