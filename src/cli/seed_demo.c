/* seed_demo.c — `helsami seed demo`: the demo world of ARCHITECTURE.md, a
 * small believable Trondheim. Six units, nine staff of every role and 22
 * citizens whose families exercise every representation rule of SPEC.md (R)
 * and shared/reference/domain-facts.md §4, with ages fixed against the demo
 * "today" 2026-11-22 so the world does not drift.
 *
 * Everything is written in one transaction; the world is recognised by its GP
 * office's code, so a second run changes nothing. Identity numbers are
 * synthetic (month + 80), made once with nin_make(birth, individual, true,
 * false) from the birth dates below, using individual numbers 496-499 (born
 * 1900-1999) and 997-999 (born 2000-2039), the top of each range, which `seed
 * population` (counting up from the bottom) does not reach. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "core/arena.h"
#include "core/log.h"
#include "domain/audit.h"
#include "store/register.h"

/* The ages and descriptions below are true on the demo "today", 2026-11-22. */
#define DEMO_MUNICIPALITY "5001" /* Trondheim kommune */
#define DEMO_CITY "Trondheim"
#define DEMO_GP_CODE "oya-legesenter"

enum demo_id {
	/* the Berg family: married, one address, three children */
	P_MARIUS,
	P_SILJE,
	P_NORA,
	P_JONAS,
	P_EMMA,
	/* divorced: the father lives elsewhere, the mother with the children */
	P_THOMAS,
	P_HANNE,
	P_IDA,
	P_MATHIAS,
	/* a foster child, her foster parents and her mother elsewhere */
	P_GEIR,
	P_RANDI,
	P_SOFIE,
	P_LENE,
	/* an elderly mother without capacity to consent, her children, her late husband */
	P_ASTRID,
	P_BJORN,
	P_ELISABETH,
	P_ARNE,
	/* a confidential address */
	P_CAMILLA,
	P_OSKAR,
	/* a father who is no unit's patient, and his son who turns 16 today */
	P_VEGARD,
	P_SANDER,
	/* a child with no relatives in the demo world */
	P_LUKAS,
	/* staff */
	P_INGRID,
	P_LARS,
	P_KARI,
	P_AHMED,
	P_EIRIK,
	P_MARTE,
	P_PER,
	P_SARA,
	P_TOR,
	P_HILDE,
	P_COUNT
};

const struct demo_person demo_people[P_COUNT] = {
    [P_MARIUS] = {"12848649994", "Marius Berg",
                  "40 år, gift med Silje; foreldreansvar for Nora (15), Jonas (13) og Emma (5), som bor med ham. "
                  "Pasient ved St. Olavs.",
                  "40, married to Silje; parental responsibility for Nora (15), Jonas (13) and Emma (5), who live with "
                  "him. Hospital patient.",
                  false},
    [P_SILJE] = {"03898849863", "Silje Berg",
                 "38 år, mor i familien Berg; foreldreansvar for alle tre barna og samme adresse.",
                 "38, mother in the Berg family; parental responsibility for all three children, same address.", false},
    [P_NORA] = {"01921099882", "Nora Berg",
                "15 år, fyller 16 den 1. desember 2026: da slutter foreldrenes tilgang og hun bruker helsami selv.",
                "15, turns 16 on 1 December 2026: then her parents' access ends and she uses helsami herself.", false},
    [P_JONAS] = {"02831399735", "Jonas Berg",
                 "13 år (12–16): foreldrene ser journalen, unntatt det som er skjermet for dem.",
                 "13 (ages 12–16): his parents see his record, except items withheld from them.", false},
    [P_EMMA] = {"15862199860", "Emma Berg", "5 år, går på helsestasjonen; begge foreldrene kan representere henne.",
                "5, attends the health station; both parents can act for her.", false},
    [P_THOMAS] =
        {"07878249733", "Thomas Lie",
         "Skilt far med foreldreansvar for Ida, men på en annen adresse enn henne (mor bor med henne).",
         "Divorced father with parental responsibility for Ida, at another address (her mother lives with her).",
         false},
    [P_HANNE] = {"18828449806", "Hanne Strand",
                 "Mor til Ida (10) og Mathias (17); bor med begge og har foreldreansvar for begge.",
                 "Mother of Ida (10) and Mathias (17); lives with both and has parental responsibility for both.",
                 false},
    [P_IDA] = {"20821699852", "Ida Lie", "10 år, bor hos mor; begge foreldrene har foreldreansvar.",
               "10, lives with her mother; both parents have parental responsibility.", false},
    [P_MATHIAS] =
        {"14880999983", "Mathias Strand",
         "17 år: bruker helsami selv; mor har fortsatt foreldreansvar i registeret, men ingen tilgang.",
         "17: uses helsami himself; his mother still has parental responsibility in the register but no access.",
         false},
    [P_GEIR] = {"23857149971", "Geir Aasen",
                "Fosterfar til Sofie: bor med henne, men har ikke foreldreansvar og får ikke tilgang.",
                "Foster father of Sofie: lives with her, but has no parental responsibility and gets no access.",
                false},
    [P_RANDI] = {"30917349874", "Randi Aasen", "Fostermor til Sofie, gift med Geir; ikke foreldreansvar.",
                 "Foster mother of Sofie, married to Geir; no parental responsibility.", false},
    [P_SOFIE] = {"10851899893", "Sofie Karlsen", "8 år, fosterbarn hos familien Aasen; mor bor et annet sted.",
                 "8, foster child with the Aasen family; her mother lives elsewhere.", false},
    [P_LENE] = {"04849449635", "Lene Karlsen",
                "Mor til Sofie med foreldreansvar, men ingen av foreldrene bor med barnet: ingen tilgang.",
                "Sofie's mother, with parental responsibility, but no parent lives with the child: no access.", false},
    [P_ASTRID] = {"08833849868", "Astrid Johansen",
                  "88 år, bor på Havstad sykehjem og mangler samtykkekompetanse; Bjørn er nærmeste pårørende.",
                  "88, lives at Havstad care home and lacks capacity to consent; Bjørn is her nearest relative.",
                  false},
    [P_BJORN] = {"21876649788", "Bjørn Johansen",
                 "60 år, sønn og nærmeste pårørende til Astrid: kan søke om å representere henne.",
                 "60, son and nearest relative of Astrid: can apply to act for her.", false},
    [P_ELISABETH] = {"02916949807", "Elisabeth Johansen",
                     "57 år, søster til Bjørn (de kan gi hverandre fullmakt); får hjemmesykepleie.",
                     "57, Bjørn's sister (they can give each other power of attorney); receives home nursing.", false},
    [P_ARNE] = {"16813549909", "Arne Johansen", "Astrids ektemann, død i februar 2024: kan ikke logge inn.",
                "Astrid's husband, died in February 2024: cannot log in.", false},
    [P_CAMILLA] = {"30819249861", "Camilla Eide",
                   "Fortrolig adresse (adressesperre): kan verken representere eller bli representert.",
                   "Confidential address: can neither act for others nor be represented.", false},
    [P_OSKAR] = {"05901999998", "Oskar Eide",
                 "7 år, Camillas sønn, også med fortrolig adresse: mor kan ikke representere ham i portalen.",
                 "7, Camilla's son, also at a confidential address: his mother cannot act for him in the portal.",
                 false},
    [P_VEGARD] = {"06867949974", "Vegard Nilsen",
                  "Ikke pasient ved noen deltakende enhet: innloggingen avvises. Far til Sander.",
                  "Not a patient of any participating unit: login is refused. Sander's father.", false},
    [P_SANDER] = {"22911099954", "Sander Nilsen",
                  "Fyller 16 den 22. november 2026: bruker helsami selv; kan gi, men ikke få fullmakt.",
                  "Turns 16 on 22 November 2026: uses helsami himself; can give but not receive power of attorney.",
                  false},
    [P_LUKAS] = {"12891799991", "Lukas Haugen",
                 "9 år, ingen slektninger i demoverdenen: ingen andre kan handle for ham.",
                 "9, no relatives in the demo world: nobody else can act for him.", false},
    [P_INGRID] = {"14827549852", "Ingrid Solberg", "Fastlege ved Øya legesenter (HPR 100000001).",
                  "GP (fastlege) at Øya legesenter (HPR 100000001).", true},
    [P_LARS] = {"30868349995", "Lars Moe", "Sykepleier ved Øya legesenter (HPR 100000002).",
                "Nurse at Øya legesenter (HPR 100000002).", true},
    [P_KARI] = {"11907949887", "Kari Aune", "Helsesykepleier ved Helsestasjon Sentrum (HPR 100000003).",
                "Public health nurse at Helsestasjon Sentrum (HPR 100000003).", true},
    [P_AHMED] = {"25839049733", "Ahmed Hassan", "Sykepleier i hjemmetjenesten Midtbyen og på Havstad (HPR 100000004).",
                 "Home-care nurse in Midtbyen home care and at Havstad (HPR 100000004).", true},
    [P_EIRIK] = {"05927049955", "Eirik Lund", "Overlege, Medisinsk klinikk, St. Olavs hospital (HPR 100000005).",
                 "Consultant physician, Medical clinic, St. Olavs hospital (HPR 100000005).", true},
    [P_MARTE] = {"19889549834", "Marte Vik", "Medisinsk sekretær i resepsjonen på Øya legesenter.",
                 "Medical secretary at the front desk of Øya legesenter.", true},
    [P_PER] = {"27816849956", "Per Haugland", "Saksbehandler ved Tjenestekontoret Trondheim: søknader og vedtak.",
               "Caseworker at Tjenestekontoret Trondheim: applications and decisions.", true},
    [P_SARA] = {"04859849860", "Sara Nygård", "Brukerstøtte: svarer på henvendelser om portalen.",
                "User support: answers questions about the portal.", true},
    [P_TOR] = {"09898549906", "Tor Engen", "Driftsansvarlig (administrator) for helsami.",
               "Operator (administrator) of helsami.", true},
    [P_HILDE] = {"09838749817", "Hilde Dahl",
                 "Resepsjon på Øya legesenter og helsesykepleier på Helsestasjon Sentrum (HPR 100000006): ulik rolle "
                 "ved hver enhet.",
                 "Front desk at Øya legesenter and public health nurse at Helsestasjon Sentrum (HPR 100000006): a "
                 "different role at each unit.",
                 true},
};
const size_t demo_people_count = P_COUNT;

enum address_id {
	A_NONE, /* no address row: confidential address */
	A_BAKKLANDET,
	A_INNHERRED,
	A_BYAASVEIEN,
	A_LADE,
	A_JONSVANN,
	A_HAVSTAD,
	A_ELGESETER,
	A_KLOSTERGATA,
	A_TEMPEVEIEN,
	A_FJORDGATA,
	A_ANGELL,
	A_PRINSENS,
	A_OLAV_TRYGGVASON,
	A_MUNKEGATA,
	A_KJOPMANN,
	A_SVERRES,
	A_EIDSVOLL,
	A_DRONNINGENS,
	A_ERLING_SKAKKE,
	A_ROSENBORG,
	A_BEDDINGEN,
	A_COUNT
};

static const struct demo_address {
	const char *street, *postcode;
} addresses[A_COUNT] = {
    [A_BAKKLANDET] = {"Nedre Bakklandet 21", "7014"},
    [A_INNHERRED] = {"Innherredsveien 40", "7042"},
    [A_BYAASVEIEN] = {"Byåsveien 120", "7021"},
    [A_LADE] = {"Lade allé 67", "7041"},
    [A_JONSVANN] = {"Jonsvannsveien 35", "7051"},
    [A_HAVSTAD] = {"Havstadvegen 4", "7021"},
    [A_ELGESETER] = {"Elgeseter gate 30", "7030"},
    [A_KLOSTERGATA] = {"Klostergata 58", "7030"},
    [A_TEMPEVEIEN] = {"Tempeveien 22", "7031"},
    [A_FJORDGATA] = {"Fjordgata 8", "7010"},
    [A_ANGELL] = {"Thomas Angells gate 11", "7011"},
    [A_PRINSENS] = {"Prinsens gate 37", "7012"},
    [A_OLAV_TRYGGVASON] = {"Olav Tryggvasons gate 24", "7011"},
    [A_MUNKEGATA] = {"Munkegata 50", "7011"},
    [A_KJOPMANN] = {"Kjøpmannsgata 12", "7013"},
    [A_SVERRES] = {"Sverres gate 9", "7012"},
    [A_EIDSVOLL] = {"Eidsvolls gate 15", "7030"},
    [A_DRONNINGENS] = {"Dronningens gate 3", "7011"},
    [A_ERLING_SKAKKE] = {"Erling Skakkes gate 44", "7012"},
    [A_ROSENBORG] = {"Rosenborggata 19", "7014"},
    [A_BEDDINGEN] = {"Beddingen 10", "7042"},
};

/* What the register holds about each demo person besides the number. */
static const struct demo_detail {
	const char *given, *family, *birth_date, *death_date;
	enum address_id address;
	bool confidential;
} details[P_COUNT] = {
    [P_MARIUS] = {"Marius", "Berg", "1986-04-12", NULL, A_BAKKLANDET, false},
    [P_SILJE] = {"Silje", "Berg", "1988-09-03", NULL, A_BAKKLANDET, false},
    [P_NORA] = {"Nora", "Berg", "2010-12-01", NULL, A_BAKKLANDET, false},
    [P_JONAS] = {"Jonas", "Berg", "2013-03-02", NULL, A_BAKKLANDET, false},
    [P_EMMA] = {"Emma", "Berg", "2021-06-15", NULL, A_BAKKLANDET, false},
    [P_THOMAS] = {"Thomas", "Lie", "1982-07-07", NULL, A_BYAASVEIEN, false},
    [P_HANNE] = {"Hanne", "Strand", "1984-02-18", NULL, A_INNHERRED, false},
    [P_IDA] = {"Ida", "Lie", "2016-02-20", NULL, A_INNHERRED, false},
    [P_MATHIAS] = {"Mathias", "Strand", "2009-08-14", NULL, A_INNHERRED, false},
    [P_GEIR] = {"Geir", "Aasen", "1971-05-23", NULL, A_LADE, false},
    [P_RANDI] = {"Randi", "Aasen", "1973-11-30", NULL, A_LADE, false},
    [P_SOFIE] = {"Sofie", "Karlsen", "2018-05-10", NULL, A_LADE, false},
    [P_LENE] = {"Lene", "Karlsen", "1994-04-04", NULL, A_JONSVANN, false},
    [P_ASTRID] = {"Astrid", "Johansen", "1938-03-08", NULL, A_HAVSTAD, false},
    [P_BJORN] = {"Bjørn", "Johansen", "1966-07-21", NULL, A_ELGESETER, false},
    [P_ELISABETH] = {"Elisabeth", "Johansen", "1969-11-02", NULL, A_KLOSTERGATA, false},
    [P_ARNE] = {"Arne", "Johansen", "1935-01-16", "2024-02-11", A_TEMPEVEIEN, false},
    [P_CAMILLA] = {"Camilla", "Eide", "1992-01-30", NULL, A_NONE, true},
    [P_OSKAR] = {"Oskar", "Eide", "2019-10-05", NULL, A_NONE, true},
    [P_VEGARD] = {"Vegard", "Nilsen", "1979-06-06", NULL, A_FJORDGATA, false},
    [P_SANDER] = {"Sander", "Nilsen", "2010-11-22", NULL, A_FJORDGATA, false},
    [P_LUKAS] = {"Lukas", "Haugen", "2017-09-12", NULL, A_ANGELL, false},
    [P_INGRID] = {"Ingrid", "Solberg", "1975-02-14", NULL, A_PRINSENS, false},
    [P_LARS] = {"Lars", "Moe", "1983-06-30", NULL, A_OLAV_TRYGGVASON, false},
    [P_KARI] = {"Kari", "Aune", "1979-10-11", NULL, A_MUNKEGATA, false},
    [P_AHMED] = {"Ahmed", "Hassan", "1990-03-25", NULL, A_KJOPMANN, false},
    [P_EIRIK] = {"Eirik", "Lund", "1970-12-05", NULL, A_SVERRES, false},
    [P_MARTE] = {"Marte", "Vik", "1995-08-19", NULL, A_EIDSVOLL, false},
    [P_PER] = {"Per", "Haugland", "1968-01-27", NULL, A_DRONNINGENS, false},
    [P_SARA] = {"Sara", "Nygård", "1998-05-04", NULL, A_ERLING_SKAKKE, false},
    [P_TOR] = {"Tor", "Engen", "1985-09-09", NULL, A_ROSENBORG, false},
    [P_HILDE] = {"Hilde", "Dahl", "1987-03-09", NULL, A_BEDDINGEN, false},
};

enum unit_id { U_OYA, U_HOME_CARE, U_HEALTH_STATION, U_CARE_HOME, U_HOSPITAL, U_SERVICES, U_COUNT };
#define IN(u) (1u << (u))
#define ALL_UNITS ((1u << U_COUNT) - 1)

/* Units, and the date their patients' links start (or the patient's birth, if later). */
static const struct demo_unit {
	unit u;
	const char *since;
} units[U_COUNT] = {
    [U_OYA] = {{0, DEMO_GP_CODE, "gp_office", "Øya legesenter", DEMO_MUNICIPALITY, "73 99 10 00", true, true, true,
                true, true, 3},
               "2015-03-01"},
    [U_HOME_CARE] = {{0, "midtbyen-hjemmetjeneste", "home_care", "Trondheim hjemmetjeneste Midtbyen", DEMO_MUNICIPALITY,
                      "73 99 20 00", false, false, true, false, true, 3},
                     "2026-09-14"},
    [U_HEALTH_STATION] = {{0, "helsestasjon-sentrum", "health_station", "Helsestasjon Sentrum", DEMO_MUNICIPALITY,
                           "73 99 30 00", true, true, true, false, true, 3},
                          "2019-01-07"},
    [U_CARE_HOME] = {{0, "havstad-hvs", "care_home", "Havstad helse- og velferdssenter", DEMO_MUNICIPALITY,
                      "73 99 40 00", false, false, false, false, true, 3},
                     "2024-03-04"},
    [U_HOSPITAL] = {{0, "stolav-medisinsk", "hospital_department", "St. Olavs hospital, Medisinsk klinikk",
                     DEMO_MUNICIPALITY, "73 99 50 00", false, false, true, false, false, 3},
                    "2025-05-12"},
    [U_SERVICES] = {{0, "tjenestekontoret-trondheim", "services_office", "Tjenestekontoret Trondheim",
                     DEMO_MUNICIPALITY, "73 99 60 00", false, false, false, false, true, 3},
                    "2023-10-02"},
};

/* Staff: health personnel carry an HPR number, the others none. Support and
 * the operator serve the whole installation, so they belong to every unit.
 * Hilde Dahl holds a different role at each of two units (a row each). */
static const struct demo_staff {
	enum demo_id who;
	const char *hpr, *title, *role;
	unsigned units;
	const char *other_role; /* a role held at other units, or NULL */
	unsigned other_units;
} staff_members[] = {
    {P_INGRID, "100000001", "Fastlege", "clinician", IN(U_OYA), NULL, 0},
    {P_LARS, "100000002", "Sykepleier", "clinician", IN(U_OYA), NULL, 0},
    {P_KARI, "100000003", "Helsesykepleier", "clinician", IN(U_HEALTH_STATION), NULL, 0},
    {P_AHMED, "100000004", "Sykepleier, hjemmetjenesten", "clinician", IN(U_HOME_CARE) | IN(U_CARE_HOME), NULL, 0},
    {P_EIRIK, "100000005", "Overlege, indremedisin", "clinician", IN(U_HOSPITAL), NULL, 0},
    {P_MARTE, NULL, "Medisinsk sekretær", "office", IN(U_OYA), NULL, 0},
    {P_PER, NULL, "Saksbehandler", "caseworker", IN(U_SERVICES), NULL, 0},
    {P_SARA, NULL, "Brukerstøtte", "support", ALL_UNITS, NULL, 0},
    {P_TOR, NULL, "Driftsansvarlig", "admin", ALL_UNITS, NULL, 0},
    {P_HILDE, "100000006", "Helsesekretær og helsesykepleier", "office", IN(U_OYA), "clinician", IN(U_HEALTH_STATION)},
};

/* Which units each citizen is a patient/user of. Vegard is nobody's patient
 * (the login refusal), Arne is dead. */
static const struct demo_patient {
	enum demo_id who;
	unsigned units;
} patients[] = {
    {P_MARIUS, IN(U_OYA) | IN(U_HOSPITAL)},
    {P_SILJE, IN(U_OYA)},
    {P_NORA, IN(U_OYA) | IN(U_HEALTH_STATION)},
    {P_JONAS, IN(U_OYA) | IN(U_HEALTH_STATION)},
    {P_EMMA, IN(U_OYA) | IN(U_HEALTH_STATION)},
    {P_THOMAS, IN(U_OYA)},
    {P_HANNE, IN(U_OYA)},
    {P_IDA, IN(U_OYA) | IN(U_HEALTH_STATION)},
    {P_MATHIAS, IN(U_OYA)},
    {P_GEIR, IN(U_OYA)},
    {P_RANDI, IN(U_OYA)},
    {P_SOFIE, IN(U_OYA) | IN(U_HEALTH_STATION)},
    {P_LENE, IN(U_OYA)},
    {P_ASTRID, IN(U_CARE_HOME) | IN(U_HOSPITAL) | IN(U_SERVICES)},
    {P_BJORN, IN(U_OYA)},
    {P_ELISABETH, IN(U_OYA) | IN(U_HOME_CARE) | IN(U_SERVICES)},
    {P_CAMILLA, IN(U_OYA)},
    {P_OSKAR, IN(U_OYA) | IN(U_HEALTH_STATION)},
    {P_SANDER, IN(U_OYA)},
    {P_LUKAS, IN(U_OYA) | IN(U_HEALTH_STATION)},
};

/* Family relations as the register records them: person -> relative. A
 * child's parents are 'parent' rows from the child; spouses point both ways. */
static const struct demo_relation {
	enum demo_id person, relative;
	const char *relation;
} relations[] = {
    {P_MARIUS, P_SILJE, "spouse"},     {P_SILJE, P_MARIUS, "spouse"},      {P_NORA, P_MARIUS, "parent"},
    {P_NORA, P_SILJE, "parent"},       {P_JONAS, P_MARIUS, "parent"},      {P_JONAS, P_SILJE, "parent"},
    {P_EMMA, P_MARIUS, "parent"},      {P_EMMA, P_SILJE, "parent"},        {P_IDA, P_THOMAS, "parent"},
    {P_IDA, P_HANNE, "parent"},        {P_MATHIAS, P_HANNE, "parent"},     {P_GEIR, P_RANDI, "spouse"},
    {P_RANDI, P_GEIR, "spouse"},       {P_SOFIE, P_GEIR, "foster_parent"}, {P_SOFIE, P_RANDI, "foster_parent"},
    {P_SOFIE, P_LENE, "parent"},       {P_BJORN, P_ASTRID, "parent"},      {P_BJORN, P_ARNE, "parent"},
    {P_ELISABETH, P_ASTRID, "parent"}, {P_ELISABETH, P_ARNE, "parent"},    {P_OSKAR, P_CAMILLA, "parent"},
    {P_SANDER, P_VEGARD, "parent"},
};

/* Parental responsibility exactly as the register has it. It lasts to 18, so
 * Mathias (17) and Sander (16) still have rows; access ends at 16 all the
 * same. Sofie's mother keeps it while the child lives in foster care; the
 * foster parents never have it. */
static const struct demo_responsibility {
	enum demo_id child, parent;
} responsibilities[] = {
    {P_NORA, P_MARIUS},   {P_NORA, P_SILJE}, {P_JONAS, P_MARIUS},  {P_JONAS, P_SILJE},
    {P_EMMA, P_MARIUS},   {P_EMMA, P_SILJE}, {P_IDA, P_THOMAS},    {P_IDA, P_HANNE},
    {P_MATHIAS, P_HANNE}, {P_SOFIE, P_LENE}, {P_OSKAR, P_CAMILLA}, {P_SANDER, P_VEGARD},
};

struct seed_state {
	bool already;
	int64_t unit_ids[U_COUNT];
	int64_t address_ids[A_COUNT];
	int64_t person_ids[P_COUNT];
	int64_t staff_ids[ARRAY_LEN(staff_members)];
	size_t staff, citizens, reads;
	date today; /* appointments are dated from it */
};

/* Whether the demo world is in place: its GP office exists. */
static status world_present(db_conn *c, bool *out)
{
	arena *ar = arena_new();
	unit u;
	status st = store_unit_by_code(c, ar, DEMO_GP_CODE, &u);
	arena_free(ar);
	*out = st == ST_OK;
	return st == ST_NOT_FOUND ? ST_OK : st;
}

static status seed_units(db_conn *c, struct seed_state *s)
{
	for (size_t i = 0; i < U_COUNT; i++) {
		status st = store_unit_insert(c, &units[i].u, &s->unit_ids[i]);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

static status seed_people(db_conn *c, struct seed_state *s)
{
	for (size_t i = 1; i < A_COUNT; i++) {
		address a = {0, addresses[i].street, addresses[i].postcode, DEMO_CITY, DEMO_MUNICIPALITY};
		status st = store_address_insert(c, &a, &s->address_ids[i]);
		if (st != ST_OK)
			return st;
	}
	for (size_t i = 0; i < P_COUNT; i++) {
		const struct demo_detail *dd = &details[i];
		person p = {
		    .nin = demo_people[i].nin,
		    .given_name = dd->given,
		    .family_name = dd->family,
		    .birth_date = dd->birth_date,
		    .address_id = s->address_ids[dd->address], /* 0 for A_NONE */
		    .confidential_address = dd->confidential,
		    .death_date = dd->death_date,
		};
		status st = store_person_insert(c, &p, &s->person_ids[i]);
		if (st != ST_OK) {
			log_error("seed demo: person %zu (%s) could not be added: %s", i, demo_people[i].name,
			          status_name(st));
			return st;
		}
		if (demo_people[i].staff)
			s->staff++;
		else
			s->citizens++;
	}
	return ST_OK;
}

static status seed_staff(db_conn *c, struct seed_state *s)
{
	for (size_t i = 0; i < ARRAY_LEN(staff_members); i++) {
		const struct demo_staff *ds = &staff_members[i];
		staff row = {0, s->person_ids[ds->who], ds->hpr, ds->title, true};
		int64_t staff_id;
		status st = store_staff_insert(c, &row, &staff_id);
		if (st != ST_OK)
			return st;
		s->staff_ids[i] = staff_id;
		for (size_t u = 0; u < U_COUNT; u++) {
			if ((ds->units & IN(u)) != 0 &&
			    (st = store_staff_unit_add(c, staff_id, s->unit_ids[u], ds->role)) != ST_OK)
				return st;
			if ((ds->other_units & IN(u)) != 0 &&
			    (st = store_staff_unit_add(c, staff_id, s->unit_ids[u], ds->other_role)) != ST_OK)
				return st;
		}
	}
	return ST_OK;
}

static status seed_families(db_conn *c, struct seed_state *s)
{
	status st;
	for (size_t i = 0; i < ARRAY_LEN(relations); i++) {
		const struct demo_relation *r = &relations[i];
		st = store_family_relation_add(c, s->person_ids[r->person], s->person_ids[r->relative], r->relation);
		if (st != ST_OK)
			return st;
	}
	for (size_t i = 0; i < ARRAY_LEN(responsibilities); i++) {
		const struct demo_responsibility *r = &responsibilities[i];
		st = store_parental_responsibility_add(c, s->person_ids[r->child], s->person_ids[r->parent]);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

static status seed_patients(db_conn *c, struct seed_state *s)
{
	for (size_t i = 0; i < ARRAY_LEN(patients); i++) {
		const struct demo_patient *dp = &patients[i];
		const char *birth = details[dp->who].birth_date;
		for (size_t u = 0; u < U_COUNT; u++) {
			if ((dp->units & IN(u)) == 0)
				continue;
			/* ISO dates compare as strings: a link starts no earlier than birth. */
			const char *since = strcmp(birth, units[u].since) > 0 ? birth : units[u].since;
			status st = store_patient_unit_add(c, s->person_ids[dp->who], s->unit_ids[u], since);
			if (st != ST_OK)
				return st;
		}
	}
	return ST_OK;
}

/* Past reads of demo records by staff, so the access log (D3) has history
 * and `audit verify` has chains to check. Indexes are into staff_members. */
static const struct demo_read {
	size_t staff; /* index in staff_members */
	enum unit_id unit;
	enum demo_id patient;
	const char *what;
	const char *at; /* UTC */
} reads[] = {
    {0, U_OYA, P_MARIUS, "register.person", "2026-10-01T08:15:00Z"},
    {0, U_OYA, P_MARIUS, "health.results", "2026-10-01T08:17:00Z"},
    {4, U_HOSPITAL, P_MARIUS, "health.results", "2026-10-14T12:40:00Z"},
    {0, U_OYA, P_MARIUS, "health.medications", "2026-11-03T09:05:00Z"},
    {2, U_HEALTH_STATION, P_EMMA, "health.vaccines", "2026-09-22T10:30:00Z"},
    {3, U_HOME_CARE, P_ELISABETH, "health.medications", "2026-11-18T07:45:00Z"},
    {3, U_CARE_HOME, P_ASTRID, "health.summary", "2026-11-19T13:00:00Z"},
};

static status seed_access_log(db_conn *c, struct seed_state *s)
{
	for (size_t i = 0; i < ARRAY_LEN(reads); i++) {
		const struct demo_read *r = &reads[i];
		audit_entry e = {
		    .patient_id = s->person_ids[r->patient],
		    .actor_kind = "staff",
		    .actor_person_id = s->person_ids[staff_members[r->staff].who],
		    .actor_staff_id = s->staff_ids[r->staff],
		    .actor_unit_id = s->unit_ids[r->unit],
		    .actor_role = staff_members[r->staff].role,
		    .action = "read",
		    .what = r->what,
		    .purpose = "care",
		};
		if (!time_parse(r->at, &e.at))
			return ST_INTERNAL;
		status st = audit_append(c, &e);
		if (st != ST_OK)
			return st;
		s->reads++;
	}
	return ST_OK;
}

/* Each record area seeds its own demo data (in its own file, declared in
 * cli/demo.h), finding people and units by identity number and unit code.
 * They run in this order, in the same transaction, after the register. */
/* ---- lookups the area seeders share ------------------------------------------ */

status demo_person_id(db_conn *c, arena *ar, const char *nin, int64_t *id)
{
	person p;
	status st = store_person_by_nin(c, ar, nin, &p);
	if (st == ST_OK)
		*id = p.id;
	return st;
}

status demo_staff_id(db_conn *c, arena *ar, const char *nin, int64_t *id)
{
	int64_t pid;
	staff s;
	status st = demo_person_id(c, ar, nin, &pid);
	if (st == ST_OK && (st = store_staff_by_person(c, ar, pid, &s)) == ST_OK)
		*id = s.id;
	return st;
}

status demo_seed_with_arena(db_conn *c, status (*seed)(db_conn *c, arena *ar), const char *what)
{
	arena *ar = arena_new();
	status st = seed(c, ar);
	arena_free(ar);
	if (st != ST_OK)
		log_error("seed demo: %s could not be added: %s", what, status_name(st));
	return st;
}

date demo_weekday_after(date d, int64_t days)
{
	d = date_from_days(date_to_days(d) + days);
	while (date_weekday(d) > 5)
		d = date_from_days(date_to_days(d) + 1);
	return d;
}

status demo_unit_id(db_conn *c, arena *ar, const char *code, int64_t *id)
{
	unit u;
	status st = store_unit_by_code(c, ar, code, &u);
	if (st == ST_OK)
		*id = u.id;
	return st;
}

static status (*const area_seeders[])(db_conn *c) = {
    NULL,
    seed_demo_medications,
    seed_demo_results,
    seed_demo_record,
    seed_demo_questionnaires,
    seed_demo_notifications,
    seed_demo_messages,
    seed_demo_support,
    seed_demo_services,
};

static status seed_areas(db_conn *c)
{
	for (size_t i = 0; i < ARRAY_LEN(area_seeders); i++) {
		if (area_seeders[i] == NULL)
			continue;
		status st = area_seeders[i](c);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

/* The transaction body; it starts from a clean state so a retry redoes all. */
static status seed_world(db_conn *c, void *arg)
{
	struct seed_state *s = arg;
	date today = s->today;
	memset(s, 0, sizeof *s);
	s->today = today;
	status st = world_present(c, &s->already);
	if (st != ST_OK || s->already)
		return st;
	if ((st = seed_units(c, s)) != ST_OK || (st = seed_people(c, s)) != ST_OK || (st = seed_staff(c, s)) != ST_OK ||
	    (st = seed_families(c, s)) != ST_OK || (st = seed_patients(c, s)) != ST_OK ||
	    (st = seed_access_log(c, s)) != ST_OK)
		return st;
	if ((st = seed_areas(c)) != ST_OK)
		return st;
	if ((st = seed_demo_appointments(c, s->today)) != ST_OK)
		return st;
	return seed_demo_video(c, s->today);
}

int cli_seed_demo(db *d)
{
	return cli_seed_demo_on(d, date_in_oslo(clock_system_now()));
}

int cli_seed_demo_on(db *d, date today)
{
	db_conn *c = db_thread_conn(d);
	if (c == NULL) {
		fprintf(stderr, "seed demo: cannot connect to the database\n");
		return 1;
	}
	struct seed_state s = {.today = today};
	status st = db_tx(c, true, seed_world, &s);
	if (st != ST_OK) {
		fprintf(stderr, "seed demo: failed (%s); nothing changed\n", status_name(st));
		return 1;
	}
	if (s.already) {
		printf("seed demo: the demo world is already in place; nothing changed\n");
		return 0;
	}
	printf("seed demo: %d units, %zu staff, %zu citizens, %zu access-log entries\n", U_COUNT, s.staff, s.citizens,
	       s.reads);
	return 0;
}
