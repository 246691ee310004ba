#!/usr/bin/env python3
"""Writes a deterministic corpus of synthetic AI-news RSS feeds for airadar's benchmarks.

N sources x M items, in English, Portuguese and Spanish (source i uses language i % 3), with
models, providers, capacity figures, dates and status words varied from templates, so the
extraction engine does real work. The same --seed always gives byte-identical files.

Usage: gen_feeds.py OUT_DIR [--sources 500] [--items 50] [--seed 42]
Writes OUT_DIR/feed-NNNN.xml and OUT_DIR/MANIFEST.txt (sources, items, bytes).
"""

import argparse
import datetime as dt
import os
import random
from xml.sax.saxutils import escape

MODELS = [
    ("GPT-5", "OpenAI"), ("GPT-4.5", "OpenAI"), ("GPT-4o", "OpenAI"), ("o3", "OpenAI"),
    ("o4-mini", "OpenAI"), ("Claude 3.5 Sonnet", "Anthropic"), ("Claude 3 Opus", "Anthropic"),
    ("Claude 4", "Anthropic"), ("Gemini 2.0", "Google"), ("Gemini 2.5 Pro", "Google"),
    ("Gemini Ultra", "Google"), ("Llama 3", "Meta"), ("Llama 4", "Meta"), ("Grok 3", "xAI"),
    ("Grok 4", "xAI"), ("Mistral Large", "Mistral"), ("DeepSeek-V3", "DeepSeek"),
    ("DeepSeek-R1", "DeepSeek"), ("Qwen 2.5", "Alibaba"), ("Phi-4", "Microsoft"),
]
CHIPS = ["H100", "H200", "B200", "GB200", "MI300X", "Trainium2", "TPU v5p", "Gaudi 3"]
PROVIDERS = ["Microsoft", "AWS", "Google Cloud", "Oracle", "CoreWeave", "Meta", "xAI", "Lambda"]
PLACES = ["Texas", "Virginia", "Arizona", "Memphis", "Iowa", "Ohio", "Ireland", "São Paulo"]

EN = {
    "titles": [
        "{vendor} says {model} will launch {window_en}",
        "{model} reportedly delayed to {window_en} as {vendor} adds compute",
        "{provider} to deploy {n:,} {chip} GPUs for {vendor} in {place}",
        "{vendor} releases {model} to all paid users",
        "{provider} plans a {gw} GW data center campus in {place}",
        "Sources: {model} training run finished on {n:,} {chip} chips",
    ],
    "sentences": [
        "{vendor} said {model} is expected to ship {window_en}, according to people familiar "
        "with the plans.",
        "The company has secured about {n:,} {chip} GPUs through {provider}, with more capacity "
        "coming online {window_en}.",
        "{provider} announced a campus in {place} sized at {gw} gigawatts, which it said would "
        "be fully operational by {year}.",
        "Analysts noted that {model} was originally planned for {month_en} {prev_year} and has "
        "slipped at least once.",
        "A spokesperson declined to comment on pricing but said general availability would "
        "follow a limited preview.",
        "The rollout starts in the United States and Europe, with other regions later in the "
        "year.",
        "Benchmarks published alongside the release show gains on coding and maths tasks "
        "compared with the previous generation.",
        "Shipments of {chip} systems to {provider} are now expected in {quarter_en} {year}.",
    ],
}
PT = {
    "titles": [
        "{vendor} diz que o {model} será lançado {window_pt}",
        "{model} teria sido adiado para {window_pt}, enquanto a {vendor} amplia sua computação",
        "{provider} vai instalar {n_pt} GPUs {chip} para a {vendor} em {place}",
        "{vendor} libera o {model} para todos os assinantes",
        "{provider} planeja um campus de data centers de {gw} GW em {place}",
    ],
    "sentences": [
        "Segundo fontes próximas ao projeto, a {vendor} pretende lançar o {model} {window_pt}.",
        "A empresa garantiu cerca de {n_pt} GPUs {chip} por meio da {provider}, e mais "
        "capacidade deve entrar em operação {window_pt}.",
        "A {provider} anunciou um campus em {place} com {gw} gigawatts, que deve estar em plena "
        "operação até {year}.",
        "Analistas lembram que o {model} estava previsto para {month_pt} de {prev_year} e já "
        "foi adiado ao menos uma vez.",
        "Um porta-voz não comentou os preços, mas disse que a disponibilidade geral virá depois "
        "de uma prévia limitada.",
        "As entregas de sistemas {chip} para a {provider} agora são esperadas no {quarter_pt} "
        "de {year}.",
    ],
}
ES = {
    "titles": [
        "{vendor} afirma que {model} llegará {window_es}",
        "{model} se retrasaría hasta {window_es} mientras {vendor} suma capacidad de cómputo",
        "{provider} desplegará {n_es} GPU {chip} para {vendor} en {place}",
        "{vendor} lanza {model} para todos los usuarios de pago",
        "{provider} planea un campus de centros de datos de {gw} GW en {place}",
    ],
    "sentences": [
        "Según personas familiarizadas con el proyecto, {vendor} prevé lanzar {model} "
        "{window_es}.",
        "La compañía aseguró unas {n_es} GPU {chip} a través de {provider}, y más capacidad "
        "entrará en servicio {window_es}.",
        "{provider} anunció un campus en {place} de {gw} gigavatios que estará plenamente "
        "operativo en {year}.",
        "Los analistas recuerdan que {model} estaba previsto para {month_es} de {prev_year} y "
        "ya se ha retrasado al menos una vez.",
        "Un portavoz no quiso comentar los precios, pero dijo que la disponibilidad general "
        "llegará tras una vista previa limitada.",
        "Las entregas de sistemas {chip} a {provider} se esperan ahora en el {quarter_es} de "
        "{year}.",
    ],
}
LANGS = [("en", EN), ("pt", PT), ("es", ES)]

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_PT = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
             "setembro", "outubro", "novembro", "dezembro"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre"]
QUARTERS_EN = ["the first quarter of", "the second quarter of", "the third quarter of",
               "the fourth quarter of"]
QUARTERS_PT = ["primeiro trimestre", "segundo trimestre", "terceiro trimestre",
               "quarto trimestre"]
QUARTERS_ES = ["primer trimestre", "segundo trimestre", "tercer trimestre", "cuarto trimestre"]


def grouped(n, sep):
    """12345 -> '12.345' (pt/es thousands separator)."""
    return f"{n:,}".replace(",", sep)


def fields(rng, published):
    model, vendor = rng.choice(MODELS)
    year = published.year + rng.choice([0, 0, 1])
    month = rng.randrange(12)
    quarter = rng.randrange(4)
    half = rng.choice([0, 1])
    n = rng.choice([16, 64, 1024, 8192, 20000, 50000, 100000, 131072, 200000])
    windows_en = [f"in {MONTHS_EN[month]} {year}", f"in {QUARTERS_EN[quarter]} {year}",
                  f"in the {['first', 'second'][half]} half of {year}", f"by the end of {year}",
                  "in the coming weeks"]
    windows_pt = [f"em {MONTHS_PT[month]} de {year}", f"no {QUARTERS_PT[quarter]} de {year}",
                  f"no {['primeiro', 'segundo'][half]} semestre de {year}", f"até o fim de {year}",
                  "nas próximas semanas"]
    windows_es = [f"en {MONTHS_ES[month]} de {year}", f"en el {QUARTERS_ES[quarter]} de {year}",
                  f"en el {['primer', 'segundo'][half]} semestre de {year}",
                  f"antes de que termine {year}", "en las próximas semanas"]
    pick = rng.randrange(5)
    return {
        "model": model, "vendor": vendor, "provider": rng.choice(PROVIDERS),
        "chip": rng.choice(CHIPS), "place": rng.choice(PLACES), "n": n,
        "n_pt": grouped(n, "."), "n_es": grouped(n, "."),
        "gw": rng.choice(["1", "1.5", "2", "5"]), "year": year, "prev_year": year - 1,
        "month_en": MONTHS_EN[month], "month_pt": MONTHS_PT[month],
        "month_es": MONTHS_ES[month], "quarter_en": QUARTERS_EN[quarter],
        "quarter_pt": QUARTERS_PT[quarter], "quarter_es": QUARTERS_ES[quarter],
        "window_en": windows_en[pick], "window_pt": windows_pt[pick],
        "window_es": windows_es[pick],
    }


def item_xml(rng, source, index, lang_templates, published):
    f = fields(rng, published)
    title = rng.choice(lang_templates["titles"]).format(**f)
    # Distinct sentences, split over two paragraphs, as a short news summary reads.
    chosen = rng.sample(lang_templates["sentences"], rng.randint(4, 6))
    cut = len(chosen) // 2
    paras = [
        "<p>" + " ".join(s.format(**f) for s in part) + "</p>"
        for part in (chosen[:cut], chosen[cut:])
    ]
    slug = f"{published:%Y-%m-%d}-{index:03d}"
    link = f"http://bench.airadar.invalid/s{source:04d}/{slug}"
    return (
        "<item>\n"
        f"<title>{escape(title)}</title>\n"
        f"<link>{link}</link>\n"
        f'<guid isPermaLink="false">s{source:04d}-{slug}</guid>\n'
        f"<pubDate>{published:%a, %d %b %Y %H:%M:%S} +0000</pubDate>\n"
        f"<description><![CDATA[{''.join(paras)}]]></description>\n"
        "</item>\n"
    )


def feed_xml(rng, source, items):
    lang, templates = LANGS[source % 3]
    base = dt.datetime(2025, 9, 1, 8, 0, 0)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n',
        f"<title>Bench source {source:04d} ({lang})</title>\n",
        f"<link>http://bench.airadar.invalid/s{source:04d}/</link>\n",
        f"<description>Synthetic AI news for airadar benchmarks</description>\n",
        f"<language>{lang}</language>\n",
    ]
    for index in range(items):
        published = base - dt.timedelta(hours=7 * index + rng.randrange(6), minutes=source % 60)
        out.append(item_xml(rng, source, index, templates, published))
    out.append("</channel>\n</rss>\n")
    return "".join(out), lang


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    total = 0
    langs = {}
    for source in range(args.sources):
        rng = random.Random(args.seed * 1_000_003 + source)
        text, lang = feed_xml(rng, source, args.items)
        data = text.encode("utf-8")
        total += len(data)
        langs[lang] = langs.get(lang, 0) + 1
        with open(os.path.join(args.out_dir, f"feed-{source:04d}.xml"), "wb") as fh:
            fh.write(data)
    with open(os.path.join(args.out_dir, "MANIFEST.txt"), "w") as fh:
        fh.write(f"sources {args.sources}\nitems {args.items}\nbytes {total}\nseed {args.seed}\n")
        for lang, n in sorted(langs.items()):
            fh.write(f"lang {lang} {n}\n")
    print(f"{args.sources} sources x {args.items} items, {total / 1e6:.1f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
