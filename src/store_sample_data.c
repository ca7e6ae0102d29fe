/*
 * The bundled sample's reference data: phases, agencies, categories, places, and the
 * totals the synthetic quantities are scaled to.  Counts per phase and category and
 * the quantities marked published come from sample-data/SOURCES.md; everything
 * else is invented and the sample says so (meta 'source', operations.source).
 */
#include <stddef.h>

#include "store_sample_data.h"

const struct sd_operation sd_operations[] = {
	{ "OMD1", "OMD I", 1, "2018-09-01", "2019-02-28", "Sep 2018 \u2013 Feb 2019",
	  "published: 164 seizures, drugs and precursors only, 2,279.71 kg in total, 6 customs "
	  "(Korea Customs observer); synthetic: split drugs/precursors, every case",
	  { 150, 14, 0 },
	  "KHCUS CNCUS LACUS MMCUS THCUS VNCUS",
	  "cases,wildlife,kg" },
	{ "OMD2", "OMD II", 2, "2020-05-01", "2020-09-30", "May \u2013 Sep 2020",
	  "published: 284 cases, 15 countries/territories, first phase with wildlife; synthetic: "
	  "category split, quantities near the published 'about' figures, every case",
	  { 190, 12, 82 },
	  "KHCUS CNCUS LACUS MMCUS THCUS VNCUS AUABF BDCUS BNCUS HKCED INCUS MNCUS NPCUS NZCUS SGCUS",
	  "cases" },
	{ "OMD3", "OMD III", 3, "2021-04-15", "2021-09-15", "from 15 Apr 2021, five months",
	  "published: 868 cases, 20 participants; synthetic: category split, which agencies, "
	  "end date, every case",
	  { 640, 28, 200 },
	  "KHCUS CNCUS LACUS MMCUS THCUS VNCUS AUABF BDCUS BNCUS HKCED INCUS MNCUS NPCUS NZCUS SGCUS "
	  "KRCUS LKCUS IDCUS MYCUS RILOAP",
	  "cases" },
	{ "OMD4", "OMD IV", 4, "2022-04-15", "2022-09-15", "15 Apr \u2013 15 Sep 2022",
	  "published: 1,362 cases = 1,267 drugs + 17 precursors + 78 wildlife, 29 participants "
	  "(24 customs + 5 others); synthetic: which agencies, every case",
	  { 1267, 17, 78 },
	  "KHCUS CNCUS LACUS MMCUS THCUS VNCUS BDCUS BNCUS HKCED INCUS MNCUS NPCUS NZCUS SGCUS KRCUS "
	  "LKCUS IDCUS MYCUS JPCUS PHCUS MOCUS PKCUS MVCUS TLCUS AUABF AUAFP VNC04 RILOAP UNODC",
	  "cases,drugs,precursors,wildlife" },
	{ "OMD5", "OMD V", 5, "2023-04-15", "2023-11-16", "from 15 Apr 2023 (to 16 Nov)",
	  "published: 1,715 cases = 1,499 drugs incl. precursors + 216 wildlife, 23 participants; "
	  "synthetic: the drugs/precursors split (sum kept), which agencies, every case",
	  { 1474, 25, 216 },
	  "KHCUS CNCUS LACUS MMCUS THCUS VNCUS HKCED BDCUS INCUS IDCUS MYCUS MNCUS NPCUS NZCUS KRCUS "
	  "SGCUS LKCUS AUABF NGCUS KECUS VNC04 RILOAP UNODC",
	  "cases,wildlife" },
	{ "OMD6", "OMD VI", 6, "2024-06-18", "2024-11-15", "2024 (launched 16\u201318 Jun 2024)",
	  "synthetic: 25 participants published; dates, counts, quantities and every case invented",
	  { 1210, 22, 170 },
	  "KHCUS CNCUS LACUS MMCUS THCUS VNCUS HKCED BDCUS INCUS IDCUS MYCUS MNCUS NPCUS NZCUS KRCUS "
	  "SGCUS LKCUS AUABF VNC04 RILOAP UNODC BNCUS JPCUS PHCUS VNBGC",
	  "" },
	{ "OMD7", "OMD 7", 7, "2025-04-15", "2025-09-15", "15 Apr \u2013 15 Sep 2025",
	  "published: 1,155 cases = 1,027 drugs + 20 precursors + 108 wildlife, 11.8 t of drugs, "
	  "more than 1.7 million tablets, 24 participants; synthetic: which agencies, every case",
	  { 1027, 20, 108 },
	  "KHCUS CNCUS LACUS MMCUS THCUS VNCUS HKCED AUABF AUAFP JPCUS KRCUS SGCUS MYCUS IDCUS INCUS "
	  "BDCUS LKCUS NZCUS NPCUS MNCUS VNBGC VNC04 RILOAP UNODC",
	  "cases,drugs,precursors,wildlife,drugs.kg,drugs.tablets" },
};
const int sd_noperations = sizeof sd_operations / sizeof sd_operations[0];

const struct sd_agency sd_agencies[] = {
	{ "KHCUS", "General Department of Customs and Excise of Cambodia", "KH Customs", "KH", "customs", 3 },
	{ "CNCUS", "General Administration of Customs of China", "CN Customs", "CN", "customs", 10 },
	{ "LACUS", "Lao Customs Department", "LA Customs", "LA", "customs", 3 },
	{ "MMCUS", "Myanmar Customs Department", "MM Customs", "MM", "customs", 3 },
	{ "THCUS", "Thai Customs Department", "TH Customs", "TH", "customs", 8 },
	{ "VNCUS", "General Department of Viet Nam Customs", "VN Customs", "VN", "customs", 10 },
	{ "KRCUS", "Korea Customs Service", "KR Customs", "KR", "customs", 3 },
	{ "AUABF", "Australian Border Force", "AU Border Force", "AU", "border", 5 },
	{ "AUAFP", "Australian Federal Police", "AU Fed. Police", "AU", "police", 2 },
	{ "BDCUS", "Bangladesh Customs, National Board of Revenue", "BD Customs", "BD", "customs", 2 },
	{ "BNCUS", "Royal Customs and Excise Department, Brunei Darussalam", "BN Customs", "BN", "customs", 1 },
	{ "HKCED", "Customs and Excise Department, Hong Kong, China", "HK Customs & Exc.", "HK", "customs", 6 },
	{ "LKCUS", "Sri Lanka Customs", "LK Customs", "LK", "customs", 2 },
	{ "INCUS", "Central Board of Indirect Taxes and Customs, India", "IN Customs", "IN", "customs", 4 },
	{ "IDCUS", "Directorate General of Customs and Excise, Indonesia", "ID Customs", "ID", "customs", 4 },
	{ "MYCUS", "Royal Malaysian Customs Department", "MY Customs", "MY", "customs", 4 },
	{ "MNCUS", "Customs General Administration of Mongolia", "MN Customs", "MN", "customs", 1 },
	{ "NPCUS", "Department of Customs, Nepal", "NP Customs", "NP", "customs", 1 },
	{ "NZCUS", "New Zealand Customs Service", "NZ Customs", "NZ", "customs", 2 },
	{ "SGCUS", "Singapore Customs", "SG Customs", "SG", "customs", 3 },
	{ "JPCUS", "Japan Customs", "JP Customs", "JP", "customs", 3 },
	{ "PHCUS", "Bureau of Customs, Philippines", "PH Customs", "PH", "customs", 2 },
	{ "MOCUS", "Macao Customs Service", "MO Customs", "MO", "customs", 1 },
	{ "PKCUS", "Pakistan Customs", "PK Customs", "PK", "customs", 1 },
	{ "MVCUS", "Maldives Customs Service", "MV Customs", "MV", "customs", 1 },
	{ "TLCUS", "Customs Authority of Timor-Leste", "TL Customs", "TL", "customs", 1 },
	{ "NGCUS", "Nigeria Customs Service", "NG Customs", "NG", "customs", 2 },
	{ "KECUS", "Kenya Revenue Authority, Customs and Border Control", "KE Customs", "KE", "customs", 2 },
	{ "VNC04", "Drug Crime Investigation Police Department (C04), Ministry of Public Security, Viet Nam",
	  "VN MPS C04", "VN", "police", 3 },
	{ "VNBGC", "Viet Nam Border Guard", "VN Border Guard", "VN", "border", 2 },
	{ "RILOAP", "WCO Regional Intelligence Liaison Office for Asia and the Pacific", "WCO RILO A/P",
	  "KR", "international", 0 },
	{ "UNODC", "UNODC Regional Office for Southeast Asia and the Pacific", "UNODC", "TH",
	  "international", 0 },
};
const int sd_nagencies = sizeof sd_agencies / sizeof sd_agencies[0];

/* The three top-level categories come first, in published order. */
const struct sd_category sd_categories[] = {
	{ "drugs", "Drugs", -1, 0, NULL, 0, 0, 0, { NULL, NULL } },
	{ "precursors", "Precursors", -1, 0, NULL, 0, 0, 0, { NULL, NULL } },
	{ "wildlife", "Wildlife", -1, 0, NULL, 0, 0, 0, { NULL, NULL } },
	{ "meth-tablets", "Methamphetamine tablets", 0, SC_DRUG, "tablets", 50, 60000, 30,
	  { "methamphetamine tablets (yaba)", "WY-stamped methamphetamine tablets" } },
	{ "crystal-meth", "Crystal methamphetamine", 0, SC_DRUG, "kg", 0.2, 300, 22,
	  { "crystal methamphetamine", "crystal methamphetamine (high purity)" } },
	{ "heroin", "Heroin", 0, SC_DRUG, "kg", 0.1, 120, 10, { "heroin (No. 4)", "heroin base" } },
	{ "cocaine", "Cocaine", 0, SC_DRUG, "kg", 0.1, 60, 6, { "cocaine hydrochloride", "cocaine" } },
	{ "ketamine", "Ketamine", 0, SC_DRUG, "kg", 0.5, 300, 10, { "ketamine", "ketamine powder" } },
	{ "cannabis", "Cannabis", 0, SC_DRUG, "kg", 1, 800, 12, { "cannabis herb", "cannabis resin" } },
	{ "nps", "New psychoactive substances", 0, SC_DRUG, "kg", 0.05, 25, 5,
	  { "synthetic cannabinoids", "etomidate e-liquid concentrate" } },
	{ "other-drugs", "Other drugs", 0, SC_DRUG, "kg", 0.1, 50, 5, { "MDMA powder", "opium" } },
	{ "ephedrine", "Ephedrine", 1, SC_PRECURSOR, "kg", 1, 1000, 3, { "ephedrine", "ephedrine hydrochloride" } },
	{ "pseudoephedrine", "Pseudoephedrine", 1, SC_PRECURSOR, "kg", 1, 500, 3,
	  { "pseudoephedrine tablets (bulk)", "pseudoephedrine" } },
	{ "acetic-anhydride", "Acetic anhydride", 1, SC_PRECURSOR, "litres", 50, 20000, 2,
	  { "acetic anhydride", "acetic anhydride in drums" } },
	{ "other-chemicals", "Other precursor chemicals", 1, SC_PRECURSOR, "kg", 50, 30000, 4,
	  { "benzyl methyl ketone (BMK)", "sodium cyanide" } },
	{ "pangolin", "Pangolin scales", 2, SC_FAUNA, "kg", 5, 6000, 14, { "pangolin scales", "pangolin scales and claws" } },
	{ "ivory", "Ivory", 2, SC_FAUNA, "kg", 1, 3000, 10, { "elephant ivory (raw tusks)", "worked ivory" } },
	{ "rhino-horn", "Rhino horn", 2, SC_FAUNA, "kg", 0.5, 120, 5, { "rhinoceros horn", "rhino horn pieces" } },
	{ "turtles", "Turtles & tortoises", 2, SC_FAUNA, "heads", 5, 2000, 10,
	  { "live tortoises", "freshwater turtles" } },
	{ "marine", "Shark fins & marine products", 2, SC_FAUNA, "kg", 5, 3000, 12,
	  { "dried shark fins", "seahorses and sea cucumbers" } },
	{ "live-animals", "Live animals & birds", 2, SC_FAUNA, "heads", 1, 400, 14,
	  { "live birds", "live reptiles" } },
	{ "rosewood", "Siamese rosewood", 2, SC_FLORA, "m3", 0.5, 200, 12,
	  { "Siamese rosewood logs", "rosewood sawn timber" } },
	{ "red-sandalwood", "Red sandalwood", 2, SC_FLORA, "kg", 100, 25000, 8, { "red sandalwood logs", "red sandalwood billets" } },
	{ "agarwood", "Agarwood", 2, SC_FLORA, "kg", 1, 500, 8, { "agarwood chips", "agarwood oil resin" } },
	{ "orchids", "Orchids", 2, SC_FLORA, "pieces", 10, 3000, 7, { "wild orchids", "orchid plants" } },
};
const int sd_ncategories = sizeof sd_categories / sizeof sd_categories[0];

const struct sd_location sd_locations[] = {
	{ "VN", "Tan Son Nhat airport", 'A' }, { "VN", "Noi Bai airport", 'A' }, { "VN", "Cat Lai port", 'S' },
	{ "VN", "Hai Phong port", 'S' }, { "VN", "Mong Cai border gate", 'R' }, { "VN", "Lao Bao border gate", 'R' },
	{ "VN", "Huu Nghi border gate", 'R' }, { "VN", "Cai Mep port", 'S' }, { "VN", "Da Nang airport", 'A' },
	{ "CN", "Guangzhou Baiyun airport", 'A' }, { "CN", "Shenzhen Huanggang port", 'R' },
	{ "CN", "Nansha port, Guangzhou", 'S' }, { "CN", "Shanghai Pudong airport", 'A' },
	{ "CN", "Dongxing port", 'R' }, { "CN", "Ruili checkpoint", 'R' }, { "CN", "Yantian port", 'S' },
	{ "CN", "Mohan railway port", 'L' },
	{ "TH", "Suvarnabhumi airport", 'A' }, { "TH", "Laem Chabang port", 'S' },
	{ "TH", "Nong Khai checkpoint", 'R' }, { "TH", "Sadao checkpoint", 'R' }, { "TH", "Mae Sai checkpoint", 'R' },
	{ "TH", "Bangkok postal centre", 'P' },
	{ "KH", "Phnom Penh airport", 'A' }, { "KH", "Sihanoukville port", 'S' }, { "KH", "Bavet checkpoint", 'R' },
	{ "LA", "Wattay airport", 'A' }, { "LA", "Boten border checkpoint", 'R' },
	{ "LA", "Friendship Bridge I, Vientiane", 'R' }, { "LA", "Vientiane railway station", 'L' },
	{ "MM", "Yangon airport", 'A' }, { "MM", "Yangon port", 'S' }, { "MM", "Muse checkpoint", 'R' },
	{ "MM", "Myawaddy checkpoint", 'R' },
	{ "HK", "Hong Kong airport", 'A' }, { "HK", "Kwai Chung container terminal", 'S' },
	{ "HK", "Lok Ma Chau control point", 'R' }, { "HK", "Air Mail Centre", 'P' },
	{ "HK", "Airport express cargo centre", 'C' },
	{ "MY", "KLIA", 'A' }, { "MY", "Port Klang", 'S' }, { "MY", "Bukit Kayu Hitam checkpoint", 'R' },
	{ "MY", "Tanjung Pelepas port", 'S' },
	{ "SG", "Changi airport", 'A' }, { "SG", "Pasir Panjang terminal", 'S' }, { "SG", "Woodlands checkpoint", 'R' },
	{ "ID", "Soekarno-Hatta airport", 'A' }, { "ID", "Tanjung Priok port", 'S' }, { "ID", "Batam port", 'S' },
	{ "ID", "Ngurah Rai airport", 'A' },
	{ "IN", "Chennai port", 'S' }, { "IN", "Nhava Sheva port", 'S' }, { "IN", "Delhi airport", 'A' },
	{ "IN", "Petrapole land port", 'R' },
	{ "BD", "Chattogram port", 'S' }, { "BD", "Dhaka Shahjalal airport", 'A' }, { "BD", "Benapole land port", 'R' },
	{ "LK", "Colombo port", 'S' }, { "LK", "Bandaranaike airport", 'A' },
	{ "NP", "Tribhuvan airport", 'A' }, { "NP", "Birgunj dry port", 'R' }, { "NP", "Kodari border point", 'R' },
	{ "MN", "Zamyn-Uud border port", 'L' }, { "MN", "Chinggis Khaan airport", 'A' },
	{ "NZ", "Auckland airport", 'A' }, { "NZ", "Ports of Auckland", 'S' },
	{ "NZ", "Auckland international mail centre", 'P' },
	{ "AU", "Sydney airport", 'A' }, { "AU", "Port Botany", 'S' }, { "AU", "Melbourne airport", 'A' },
	{ "AU", "Sydney international mail gateway", 'P' }, { "AU", "Perth airport", 'A' },
	{ "KR", "Incheon airport", 'A' }, { "KR", "Busan port", 'S' }, { "KR", "Incheon express cargo centre", 'C' },
	{ "JP", "Narita airport", 'A' }, { "JP", "Port of Yokohama", 'S' }, { "JP", "Kansai airport", 'A' },
	{ "BN", "Brunei airport", 'A' }, { "BN", "Muara port", 'S' }, { "BN", "Kuala Lurah checkpoint", 'R' },
	{ "PH", "NAIA, Manila", 'A' }, { "PH", "Manila International Container Terminal", 'S' },
	{ "PH", "Clark airport", 'A' },
	{ "MO", "Macau airport", 'A' }, { "MO", "Border Gate checkpoint", 'R' },
	{ "PK", "Karachi port", 'S' }, { "PK", "Islamabad airport", 'A' }, { "PK", "Torkham border", 'R' },
	{ "MV", "Velana airport", 'A' }, { "MV", "Male port", 'S' },
	{ "TL", "Dili port", 'S' }, { "TL", "Batugade border post", 'R' },
	{ "NG", "Apapa port, Lagos", 'S' }, { "NG", "Murtala Muhammed airport", 'A' }, { "NG", "Tin Can Island port", 'S' },
	{ "KE", "Mombasa port", 'S' }, { "KE", "Jomo Kenyatta airport", 'A' },
	{ "KR", "Seoul central post office", 'P' }, { "TH", "Bangkok Don Mueang airport", 'A' },
};
const int sd_nlocations = sizeof sd_locations / sizeof sd_locations[0];

/* OMD I's 2,279.71 kg and OMD 7's 11.8 t and 1.7 million tablets are published; the OMD II
 * totals are near its published "about" figures.  OMD 7's kg are whole quarters so the
 * sum is exact in binary floating point. */
const struct sd_target sd_targets[] = {
	{ 0, SC_DRUG | SC_PRECURSOR, "kg", 2279.71, 0.01 },
	{ 1, SC_DRUG, "kg", 2031.4, 0.1 },
	{ 1, SC_DRUG, "tablets", 1986300, 1 },
	{ 1, SC_FAUNA, "kg", 2108.5, 0.1 },
	{ 1, SC_FLORA, "kg", 149870, 1 },
	{ 1, SC_FLORA, "m3", 1012.4, 0.1 },
	{ 6, SC_DRUG, "kg", 11800, 0.25 },
	{ 6, SC_DRUG, "tablets", 1712400, 1 },
};
const int sd_ntargets = sizeof sd_targets / sizeof sd_targets[0];

/* Each phrase starts with the transports it suits: p air passenger, m post and courier,
 * c containers and air cargo, s sea vessels, v trucks and trains. */
const char *const sd_conceal_drug[] = {
	"pm:in tea packaging", "cm:in vacuum-sealed coffee bags", "p:in the false bottom of a suitcase",
	"c:under cartons of frozen fish in a reefer container", "mc:inside a loudspeaker cabinet",
	"mc:in tins declared as dried fruit", "c:inside water pump housings declared as machine parts",
	"p:strapped to the passenger's body", "m:in children's toy boxes", "c:inside hollowed-out wooden furniture",
	"cv:in rice sacks behind the front row", "v:in the spare tyre of a pick-up truck",
	"m:in parcels declared as clothing", "cv:in bottles of fish sauce", "v:in a hidden compartment under the cargo bed",
	"p:in checked luggage wrapped in clothes", "v:in bags of dried corn",
	"s:in a hidden compartment in the hull", "s:under the catch in the fish hold", NULL,
};
const char *const sd_conceal_precursor[] = {
	"cv:in drums declared as industrial solvent", "cmv:mislabelled as sodium bicarbonate",
	"c:in tanks declared as acetic acid", "cm:in bags declared as food additive",
	"v:in a truck under bags of fertiliser", "p:in bottles in checked luggage",
	"s:in drums in the hold declared as fuel additive", NULL,
};
const char *const sd_conceal_fauna[] = {
	"c:declared as cashew nuts, in sacks behind the front row", "cvs:in sacks under frozen fish",
	"p:wrapped in foil inside checked luggage", "cv:in crates declared as timber offcuts",
	"cm:in boxes declared as seashells", "v:in plastic baskets under vegetables",
	"c:in sacks declared as plastic scrap", "cv:in a consignment of fresh ginger",
	"p:in socks inside a backpack", "cv:declared as dried cassava", "m:in parcels declared as handicrafts",
	"s:in the fish hold under ice", NULL,
};
const char *const sd_conceal_flora[] = {
	"cv:logs under sawn timber declared as rubberwood", "c:declared as processed furniture",
	"cv:mixed with legal timber, documents falsified", "v:in a truck under sacks of cassava",
	"mp:in boxes declared as ornamental plants", "mp:chips packed as incense",
	"s:logs stowed below deck under sawn timber", NULL,
};
const char *const sd_from_drug[] = { "MM", "LA", "TH", "KH", "CN", "IN", "MX", "CA", "US", "NL", "DE", "AF", "PK", "MY", NULL };
const char *const sd_from_precursor[] = { "CN", "IN", "KH", "LA", "TH", "VN", NULL };
const char *const sd_from_fauna[] = { "NG", "CD", "CM", "KE", "TZ", "MZ", "UG", "ZA", "ET", "GH", "ID", "MY", "PH", NULL };
const char *const sd_from_flora[] = { "LA", "KH", "MM", "IN", "ID", NULL };
const char *const sd_to_drug[] = { "AU", "NZ", "JP", "KR", "PH", "MY", "ID", "HK", "CN", "VN", "TH", NULL };
const char *const sd_to_precursor[] = { "MM", "LA", "TH", "KH", NULL };
const char *const sd_to_fauna[] = { "CN", "VN", "HK", "TH", "LA", NULL };
const char *const sd_to_flora[] = { "CN", "HK", "VN", NULL };

/* Land neighbours, for trucks and trains. */
const struct sd_neighbours sd_neighbours[] = {
	{ "VN", { "CN", "LA", "KH" } }, { "CN", { "VN", "LA", "MM", "MN" } },
	{ "TH", { "LA", "MM", "KH", "MY" } }, { "KH", { "TH", "VN", "LA" } },
	{ "LA", { "CN", "VN", "TH", "MM", "KH" } }, { "MM", { "CN", "TH", "LA", "IN", "BD" } },
	{ "HK", { "CN" } }, { "MO", { "CN" } }, { "MY", { "TH", "SG" } }, { "SG", { "MY" } },
	{ "IN", { "BD", "NP", "MM", "PK" } }, { "BD", { "IN", "MM" } }, { "NP", { "IN", "CN" } },
	{ "MN", { "CN" } }, { "PK", { "IN" } }, { "BN", { "MY" } }, { "TL", { "ID" } },
	{ "KE", { "TZ", "UG" } }, { "NG", { "GH" } }, { NULL, { NULL } },
};

const char sd_source_note[] =
	"Operation Mekong Dragon sample. Published (Viet Nam Customs news, WCO, UNODC): cases per "
	"phase (OMD I 164, OMD II 284, OMD III 868, OMD IV 1,362, OMD V 1,715, OMD 7 1,155); per "
	"category for OMD IV (1,267 drugs, 17 precursors, 78 wildlife), OMD V (1,499 drugs incl. "
	"precursors, 216 wildlife) and OMD 7 (1,027 drugs, 20 precursors, 108 wildlife); OMD 7 "
	"drugs 11.8 t and more than 1.7 million tablets; OMD I 2,279.71 kg in total; participating "
	"agencies per phase (6, 15, 20, 29, 23, 25, 24). Synthetic: every case (refs, dates, places, "
	"routes, concealment, arrests, status, notes), all of OMD VI, the category splits of OMD I, "
	"II, III and V (published sums kept), OMD II quantities (near its published 'about' figures), "
	"which agency took part in which phase beyond the published lists, and all arrests.";
