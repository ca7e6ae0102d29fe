/*
 * What the bundled sample's generator needs beyond the operation file
 * (sample-data/omd-operation.yaml, which holds the phases, agencies, participations and
 * categories): the case counts per phase and category, how often each agency reports,
 * each sub-category's quantities and commodities, places, and the totals the synthetic
 * quantities are scaled to.  Counts and the quantities marked published come from
 * sample-data/SOURCES.md; everything else is invented and the sample says so.
 * Entries are matched to the operation file by code.
 */
#include <stddef.h>

#include "store_sample_data.h"

const struct sd_operation sd_operations[] = {
	{ "OMD1", { 150, 14, 0 } },
	{ "OMD2", { 190, 12, 82 } },
	{ "OMD3", { 640, 28, 200 } },
	{ "OMD4", { 1267, 17, 78 } },
	{ "OMD5", { 1474, 25, 216 } },
	{ "OMD6", { 1210, 22, 170 } },
	{ "OMD7", { 1027, 20, 108 } },
};
const int sd_noperations = sizeof sd_operations / sizeof sd_operations[0];

const struct sd_agency sd_agencies[] = {
	{ "KHCUS", 3 }, { "CNCUS", 10 }, { "LACUS", 3 }, { "MMCUS", 3 }, { "THCUS", 8 },
	{ "VNCUS", 10 }, { "KRCUS", 3 }, { "AUABF", 5 }, { "AUAFP", 2 }, { "BDCUS", 2 },
	{ "BNCUS", 1 }, { "HKCED", 6 }, { "LKCUS", 2 }, { "INCUS", 4 }, { "IDCUS", 4 },
	{ "MYCUS", 4 }, { "MNCUS", 1 }, { "NPCUS", 1 }, { "NZCUS", 2 }, { "SGCUS", 3 },
	{ "JPCUS", 3 }, { "PHCUS", 2 }, { "MOCUS", 1 }, { "PKCUS", 1 }, { "MVCUS", 1 },
	{ "TLCUS", 1 }, { "NGCUS", 2 }, { "KECUS", 2 }, { "VNC04", 3 }, { "VNBGC", 2 },
	{ "RILOAP", 0 }, { "UNODC", 0 },
};
const int sd_nagencies = sizeof sd_agencies / sizeof sd_agencies[0];

/* Sub-categories (their names, parents and units are in the operation file). */
const struct sd_category sd_categories[] = {
	{ "meth-tablets", SC_DRUG, 50, 60000, 30,
	  { "methamphetamine tablets (yaba)", "WY-stamped methamphetamine tablets" } },
	{ "crystal-meth", SC_DRUG, 0.2, 300, 22,
	  { "crystal methamphetamine", "crystal methamphetamine (high purity)" } },
	{ "heroin", SC_DRUG, 0.1, 120, 10, { "heroin (No. 4)", "heroin base" } },
	{ "cocaine", SC_DRUG, 0.1, 60, 6, { "cocaine hydrochloride", "cocaine" } },
	{ "ketamine", SC_DRUG, 0.5, 300, 10, { "ketamine", "ketamine powder" } },
	{ "cannabis", SC_DRUG, 1, 800, 12, { "cannabis herb", "cannabis resin" } },
	{ "nps", SC_DRUG, 0.05, 25, 5,
	  { "synthetic cannabinoids", "etomidate e-liquid concentrate" } },
	{ "other-drugs", SC_DRUG, 0.1, 50, 5, { "MDMA powder", "opium" } },
	{ "ephedrine", SC_PRECURSOR, 1, 1000, 3, { "ephedrine", "ephedrine hydrochloride" } },
	{ "pseudoephedrine", SC_PRECURSOR, 1, 500, 3,
	  { "pseudoephedrine tablets (bulk)", "pseudoephedrine" } },
	{ "acetic-anhydride", SC_PRECURSOR, 50, 20000, 2,
	  { "acetic anhydride", "acetic anhydride in drums" } },
	{ "other-chemicals", SC_PRECURSOR, 50, 30000, 4,
	  { "benzyl methyl ketone (BMK)", "sodium cyanide" } },
	{ "pangolin", SC_FAUNA, 5, 6000, 14, { "pangolin scales", "pangolin scales and claws" } },
	{ "ivory", SC_FAUNA, 1, 3000, 10, { "elephant ivory (raw tusks)", "worked ivory" } },
	{ "rhino-horn", SC_FAUNA, 0.5, 120, 5, { "rhinoceros horn", "rhino horn pieces" } },
	{ "turtles", SC_FAUNA, 5, 2000, 10,
	  { "live tortoises", "freshwater turtles" } },
	{ "marine", SC_FAUNA, 5, 3000, 12,
	  { "dried shark fins", "seahorses and sea cucumbers" } },
	{ "live-animals", SC_FAUNA, 1, 400, 14,
	  { "live birds", "live reptiles" } },
	{ "rosewood", SC_FLORA, 0.5, 200, 12,
	  { "Siamese rosewood logs", "rosewood sawn timber" } },
	{ "red-sandalwood", SC_FLORA, 100, 25000, 8, { "red sandalwood logs", "red sandalwood billets" } },
	{ "agarwood", SC_FLORA, 1, 500, 8, { "agarwood chips", "agarwood oil resin" } },
	{ "orchids", SC_FLORA, 10, 3000, 7, { "wild orchids", "orchid plants" } },
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
	{ "OMD1", SC_DRUG | SC_PRECURSOR, "kg", 2279.71, 0.01 },
	{ "OMD2", SC_DRUG, "kg", 2031.4, 0.1 },
	{ "OMD2", SC_DRUG, "tablets", 1986300, 1 },
	{ "OMD2", SC_FAUNA, "kg", 2108.5, 0.1 },
	{ "OMD2", SC_FLORA, "kg", 149870, 1 },
	{ "OMD2", SC_FLORA, "m3", 1012.4, 0.1 },
	{ "OMD7", SC_DRUG, "kg", 11800, 0.25 },
	{ "OMD7", SC_DRUG, "tablets", 1712400, 1 },
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
	"cv:hidden under sawn timber declared as rubberwood", "c:declared as processed furniture",
	"cv:mixed with legal timber, documents falsified", "v:in a truck under sacks of cassava",
	"mp:in boxes declared as ornamental plants", "mp:chips packed as incense",
	"s:stowed below deck under sawn timber", NULL,
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
