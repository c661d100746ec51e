/* seed_population.c — `helsami seed population --persons N`: synthetic scale
 * data. Households share addresses (people living alone, couples, families
 * with children, single parents with the other parent at another address,
 * grown children at home) in five municipalities, about N / 2.2 addresses;
 * birth dates follow Norway's age pyramid roughly, 1925 to 2026; names come
 * from built-in Norwegian lists by sex and generation. Parental
 * responsibility is written as the register would have it: both parents in a
 * couple, the resident parent alone or also the parent at another address.
 * Every person becomes a patient of the first GP office, or of a "pop-gp"
 * unit made for the purpose when there is none.
 *
 * Identity numbers are synthetic (month + 80) and unique without a lookup per
 * row: the numbers already in the register are loaded into a hash set once,
 * and new ones are taken from a per-day counter of individual numbers, women
 * even and men odd as before 2032. Ids are assigned here, after the current
 * maximum, and everything is written in one transaction, so a failed run
 * adds nothing and a second run adds N more persons. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/nin.h"
#include "store/population.h"
#include "store/register.h"

/* Ages are counted to the same day as the demo world's, so the data does not
 * depend on when it was made. */
static const date POP_TODAY = {2026, 11, 22};
static const date POP_FIRST_BIRTH = {1925, 1, 1};
enum { POP_MAX_AGE = 101 };
/* Persons between progress lines. */
enum { POP_PROGRESS = 100000 };
/* Rows read per query when loading the identity numbers already present. */
enum { POP_NIN_PAGE = 100000 };
/* Fastlegeordningen (the list-patient GP scheme) began 1 June 2001. */
#define POP_GP_SINCE "2001-06-01"

/* ---- built-in lists ---- */

static const char *const female_older[] = {
    "Anne",   "Inger", "Kari",    "Marit",  "Ingrid",   "Liv",       "Eva",    "Berit",  "Astrid", "Bjørg",
    "Hilde",  "Anna",  "Solveig", "Randi",  "Marianne", "Elisabeth", "Gerd",   "Turid",  "Tone",   "Grete",
    "Wenche", "Karin", "Unni",    "Reidun", "Ragnhild", "Aud",       "Torill", "Jorunn", "Gunn",   "Sissel"};
static const char *const female_younger[] = {
    "Nora",  "Emma",     "Sara",    "Ingrid", "Ida",    "Maja",  "Sofie",  "Olivia", "Thea",    "Emilie",
    "Julie", "Hanna",    "Linnea",  "Leah",   "Frida",  "Vilde", "Amalie", "Silje",  "Camilla", "Ingeborg",
    "Marte", "Kristine", "Martine", "Tuva",   "Aurora", "Selma", "Eline",  "Mia",    "Astrid",  "Hedda"};
static const char *const male_older[] = {"Jan",    "Per",     "Bjørn",   "Ole",   "Lars",  "Kjell",  "Knut",   "Arne",
                                         "Svein",  "Hans",    "Geir",    "Odd",   "Terje", "Tor",    "Rune",   "Trond",
                                         "Harald", "Leif",    "Rolf",    "Einar", "Nils",  "Morten", "Gunnar", "Egil",
                                         "Helge",  "Steinar", "Asbjørn", "Magne", "Finn",  "Olav"};
static const char *const male_younger[] = {
    "Jakob",  "Emil",   "Noah",      "Oliver",   "Filip",   "William", "Lucas", "Henrik", "Liam",    "Aksel",
    "Magnus", "Elias",  "Isak",      "Johannes", "Mathias", "Sander",  "Jonas", "Martin", "Andreas", "Kristian",
    "Markus", "Tobias", "Sebastian", "Even",     "Sindre",  "Eirik",   "Vetle", "Ludvig", "Theodor", "Olav"};
static const char *const family_names[] = {
    "Hansen",      "Johansen",   "Olsen",      "Larsen",     "Andersen",  "Pedersen",      "Nilsen",    "Kristiansen",
    "Jensen",      "Karlsen",    "Johnsen",    "Pettersen",  "Eriksen",   "Berg",          "Haugen",    "Hagen",
    "Johannessen", "Andreassen", "Jacobsen",   "Dahl",       "Jørgensen", "Halvorsen",     "Henriksen", "Lund",
    "Sørensen",    "Jakobsen",   "Moen",       "Gundersen",  "Iversen",   "Strand",        "Solberg",   "Svendsen",
    "Eide",        "Knutsen",    "Martinsen",  "Paulsen",    "Bakken",    "Kristoffersen", "Mathisen",  "Lie",
    "Amundsen",    "Nguyen",     "Rasmussen",  "Ali",        "Lunde",     "Solheim",       "Berge",     "Moe",
    "Nygård",      "Bakke",      "Kristensen", "Fredriksen", "Holm",      "Lien",          "Hauge",     "Christensen",
    "Andresen",    "Nielsen",    "Knudsen",    "Evensen",    "Sæther",    "Aas",           "Myhre",     "Hanssen",
    "Ahmed",       "Haugland",   "Thorsen",    "Vik",        "Aune",      "Ødegård"};

struct municipality {
	const char *number, *city;
	int postcode_lo, postcode_hi;
	int weight; /* share of households, roughly by population */
	const char *const *streets;
	size_t nstreets;
};

static const char *const trondheim_streets[] = {
    "Kongens gate",      "Munkegata",           "Prinsens gate", "Olav Tryggvasons gate",
    "Innherredsveien",   "Elgeseter gate",      "Klostergata",   "Byåsveien",
    "Lade allé",         "Jonsvannsveien",      "Tempeveien",    "Fjordgata",
    "Nedre Bakklandet",  "Thomas Angells gate", "Rosenborggata", "Eidsvolls gate",
    "Kong Øysteins veg", "Bromstadvegen",       "Utleirvegen",   "Østre Rosten"};
static const char *const oslo_streets[] = {
    "Karl Johans gate",  "Thorvald Meyers gate", "Bogstadveien",    "Trondheimsveien", "Kirkeveien",
    "Ullevålsveien",     "Pilestredet",          "Grønlandsleiret", "Sognsveien",      "Hegdehaugsveien",
    "Holmenkollveien",   "Kongsveien",           "Tøyengata",       "Helgesens gate",  "Sørkedalsveien",
    "Lambertseterveien", "Stovner senter",       "Furusetveien",    "Økernveien",      "Maridalsveien"};
static const char *const bergen_streets[] = {
    "Torgallmenningen", "Strandgaten",  "Nygårdsgaten",        "Kalfarveien",      "Sandviksveien",
    "Fjøsangerveien",   "Inndalsveien", "Michael Krohns gate", "Møhlenprisbakken", "Nordnesgaten",
    "Storetveitvegen",  "Åsaneveien",   "Lyderhornsveien",     "Sælenveien",       "Fyllingsdalsveien"};
static const char *const stavanger_streets[] = {"Kirkegata",      "Pedersgata",   "Madlaveien",   "Hillevågsveien",
                                                "Tjensvollveien", "Eiganesveien", "Løkkeveien",   "Lagårdsveien",
                                                "Storhaugveien",  "Våganveien",   "Hundvågveien", "Tastaveien"};
static const char *const tromso_streets[] = {"Storgata",        "Grønnegata",          "Sjøgata",     "Skippergata",
                                             "Kirkegata",       "Hansine Hansens veg", "Mellomvegen", "Kvaløyvegen",
                                             "Stakkevollvegen", "Tromsøysundvegen"};

static const struct municipality municipalities[] = {
    {"0301", "Oslo", 150, 1295, 36, oslo_streets, ARRAY_LEN(oslo_streets)},
    {"4601", "Bergen", 5003, 5099, 15, bergen_streets, ARRAY_LEN(bergen_streets)},
    {"5001", "Trondheim", 7010, 7099, 11, trondheim_streets, ARRAY_LEN(trondheim_streets)},
    {"1103", "Stavanger", 4006, 4099, 8, stavanger_streets, ARRAY_LEN(stavanger_streets)},
    {"5501", "Tromsø", 9006, 9024, 4, tromso_streets, ARRAY_LEN(tromso_streets)},
};

/* Adults by age band (people per band in Norway, thousands, about 2024). */
static const struct band {
	int lo, hi, weight;
} adult_ages[] = {
    {18, 19, 130}, {20, 24, 350}, {25, 29, 370}, {30, 34, 390}, {35, 39, 375}, {40, 44, 355},
    {45, 49, 365}, {50, 54, 370}, {55, 59, 360}, {60, 64, 325}, {65, 69, 290}, {70, 74, 270},
    {75, 79, 220}, {80, 84, 135}, {85, 89, 70},  {90, 94, 30},  {95, 101, 8},
};

/* ---- random numbers (xorshift64*; quality is ample for synthetic data) ---- */

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* Uniform in [0, n). */
static int rnd(uint64_t *s, int n)
{
	return (int)(((rng_next(s) >> 32) * (uint64_t)n) >> 32);
}

static int rnd_between(uint64_t *s, int lo, int hi)
{
	return lo + rnd(s, hi - lo + 1);
}

static bool chance(uint64_t *s, int percent)
{
	return rnd(s, 100) < percent;
}

/* ---- identity numbers in use: an open-addressing set of 11-digit numbers ---- */

struct nin_set {
	uint64_t *slot; /* 0 = empty; no valid number is 0 */
	size_t mask, len;
};

static void set_init(struct nin_set *set, size_t expected)
{
	size_t cap = 1024;
	while (cap < expected * 2)
		cap *= 2;
	set->slot = xcalloc(cap, sizeof *set->slot);
	set->mask = cap - 1;
	set->len = 0;
}

static uint64_t nin_key(const char *nin)
{
	uint64_t k = 0;
	for (int i = 0; i < NIN_LEN && nin[i] >= '0' && nin[i] <= '9'; i++)
		k = k * 10 + (uint64_t)(nin[i] - '0');
	return k;
}

/* Adds key; false if it was there already. */
static bool set_add(struct nin_set *set, uint64_t key)
{
	if ((set->len + 1) * 2 > set->mask + 1) {
		struct nin_set bigger;
		set_init(&bigger, set->len + 1);
		for (size_t i = 0; i <= set->mask; i++)
			if (set->slot[i] != 0)
				set_add(&bigger, set->slot[i]);
		free(set->slot);
		*set = bigger;
	}
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & set->mask;
	while (set->slot[i] != 0) {
		if (set->slot[i] == key)
			return false;
		i = (i + 1) & set->mask;
	}
	set->slot[i] = key;
	set->len++;
	return true;
}

static void add_existing(const char *nin, void *arg)
{
	set_add(arg, nin_key(nin));
}

/* ---- the generator ---- */

struct gen {
	db_conn *c;
	pop_loader *l;
	uint64_t rng;
	struct nin_set used;
	uint16_t *next_individual; /* per birth day and sex: how many numbers tried */
	int64_t first_day, today_day;
	int64_t next_person, next_address, gp_unit;
	long target, made, addresses;
	struct timespec started;
};

struct member {
	int64_t id;
	bool female;
	int age;
	const char *family;
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int adult_age(struct gen *g, int lo, int hi)
{
	int total = 0;
	for (size_t i = 0; i < ARRAY_LEN(adult_ages); i++)
		total += adult_ages[i].weight;
	for (;;) {
		int pick = rnd(&g->rng, total);
		size_t i = 0;
		while (pick >= adult_ages[i].weight)
			pick -= adult_ages[i++].weight;
		int age = rnd_between(&g->rng, adult_ages[i].lo, adult_ages[i].hi);
		if (age >= lo && age <= hi)
			return age;
	}
}

static const struct municipality *pick_municipality(struct gen *g)
{
	int total = 0;
	for (size_t i = 0; i < ARRAY_LEN(municipalities); i++)
		total += municipalities[i].weight;
	int pick = rnd(&g->rng, total);
	size_t i = 0;
	while (pick >= municipalities[i].weight)
		pick -= municipalities[i++].weight;
	return &municipalities[i];
}

static status new_address(struct gen *g, const struct municipality *m, int64_t *id)
{
	char street[96], postcode[8];
	const char *name = m->streets[rnd(&g->rng, (int)m->nstreets)];
	int number = rnd_between(&g->rng, 1, 140);
	const char *letter = chance(&g->rng, 15) ? (const char *[]){"A", "B", "C"}[rnd(&g->rng, 3)] : "";
	snprintf(street, sizeof street, "%s %d%s", name, number, letter);
	snprintf(postcode, sizeof postcode, "%04d", rnd_between(&g->rng, m->postcode_lo, m->postcode_hi));
	*id = ++g->next_address;
	g->addresses++;
	return store_pop_address(g->l, *id, street, postcode, m->city, m->number);
}

/* A free synthetic number for someone born on day `day` (days since the
 * epoch), moving to the next day when that day's numbers for the sex are used
 * up. Updates *day to the birth day the number encodes. */
static bool take_nin(struct gen *g, int64_t *day, bool female, char out[NIN_LEN + 1])
{
	for (int64_t tries = 0; tries <= g->today_day - g->first_day; tries++) {
		int64_t d = g->first_day + (*day - g->first_day + tries) % (g->today_day - g->first_day + 1);
		date birth = date_from_days(d);
		int lo, hi;
		if (!nin_individual_range(birth.year, &lo, &hi))
			continue;
		uint16_t *n = &g->next_individual[(d - g->first_day) * 2 + (female ? 0 : 1)];
		/* Women even, men odd: the pre-2032 convention, which readers may still assume. */
		for (int ind = lo + (female ? 0 : 1) + 2 * *n; ind <= hi; ind += 2, (*n)++) {
			if (!nin_make(birth, ind, true, false, out))
				continue;
			if (set_add(&g->used, nin_key(out))) {
				(*n)++;
				*day = d;
				return true;
			}
		}
	}
	return false;
}

static const char *given_name(struct gen *g, bool female, int birth_year)
{
	bool young = birth_year >= 1975;
	if (female)
		return young ? female_younger[rnd(&g->rng, (int)ARRAY_LEN(female_younger))]
		             : female_older[rnd(&g->rng, (int)ARRAY_LEN(female_older))];
	return young ? male_younger[rnd(&g->rng, (int)ARRAY_LEN(male_younger))]
	             : male_older[rnd(&g->rng, (int)ARRAY_LEN(male_older))];
}

static const char *family_name(struct gen *g)
{
	return family_names[rnd(&g->rng, (int)ARRAY_LEN(family_names))];
}

static status add_person(struct gen *g, int64_t address_id, struct member *m)
{
	int64_t day = g->today_day - (int64_t)m->age * 36524 / 100 - rnd(&g->rng, 365);
	if (day < g->first_day)
		day = g->first_day + rnd(&g->rng, 365);
	char nin[NIN_LEN + 1];
	if (!take_nin(g, &day, m->female, nin)) {
		fprintf(stderr, "seed population: no synthetic identity numbers left\n");
		return ST_CONFLICT;
	}
	date birth = date_from_days(day);
	char birth_text[11];
	date_format(birth, birth_text);

	m->id = ++g->next_person;
	status st =
	    store_pop_person(g->l, m->id, nin, given_name(g, m->female, birth.year), m->family, birth_text, address_id);
	if (st == ST_OK)
		st = store_pop_patient_unit(g->l, m->id, g->gp_unit,
		                            strcmp(birth_text, POP_GP_SINCE) > 0 ? birth_text : POP_GP_SINCE);
	if (++g->made % POP_PROGRESS == 0) {
		printf("seed population: %ld persons (%.1f s)\n", g->made, seconds_since(&g->started));
		fflush(stdout);
	}
	return st;
}

static status add_couple(struct gen *g, int64_t address_id, struct member *a, struct member *b, int lo, int hi)
{
	a->female = chance(&g->rng, 50);
	b->female = chance(&g->rng, 3) ? a->female : !a->female;
	a->age = adult_age(g, lo, hi);
	b->age = a->age + rnd_between(&g->rng, -4, 4);
	if (b->age < 18)
		b->age = 18;
	if (b->age > POP_MAX_AGE)
		b->age = POP_MAX_AGE;
	a->family = family_name(g);
	b->family = chance(&g->rng, 55) ? a->family : family_name(g);
	status st = add_person(g, address_id, a);
	if (st == ST_OK)
		st = add_person(g, address_id, b);
	/* Seven in ten couples are married; cohabitants have no register relation. */
	if (st == ST_OK && chance(&g->rng, 70)) {
		st = store_pop_family_relation(g->l, a->id, b->id, "spouse");
		if (st == ST_OK)
			st = store_pop_family_relation(g->l, b->id, a->id, "spouse");
	}
	return st;
}

/* Up to nchildren children of the given parents, living at address_id: the
 * eldest aged min_age to max_age, the next one to five years younger each,
 * as long as they are born. The first nresponsible parents get parental
 * responsibility for those under 18. */
static status add_children(struct gen *g, int64_t address_id, int nchildren, int min_age, int max_age,
                           const struct member *parents, int nparents, int nresponsible)
{
	int age = rnd_between(&g->rng, min_age, max_age);
	for (int i = 0; i < nchildren && age >= 0; i++, age -= rnd_between(&g->rng, 1, 5)) {
		struct member child = {0, chance(&g->rng, 49), age, parents[rnd(&g->rng, nparents)].family};
		status st = add_person(g, address_id, &child);
		for (int p = 0; p < nparents && st == ST_OK; p++) {
			st = store_pop_family_relation(g->l, child.id, parents[p].id, "parent");
			if (st == ST_OK && p < nresponsible && child.age < 18)
				st = store_pop_parental_responsibility(g->l, child.id, parents[p].id);
		}
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

static int child_count(struct gen *g)
{
	int r = rnd(&g->rng, 100);
	return r < 40 ? 1 : r < 82 ? 2 : r < 97 ? 3 : 4;
}

/* One household (two when a parent lives elsewhere), never more persons than
 * remain: a household that would not fit becomes someone living alone. */
static status add_household(struct gen *g)
{
	const struct municipality *m = pick_municipality(g);
	long left = g->target - g->made;
	int kind = rnd(&g->rng, 100);
	int nchildren = child_count(g);
	int64_t address_id;
	status st = new_address(g, m, &address_id);
	if (st != ST_OK)
		return st;
	struct member adults[2] = {{0}};

	/* Families: the eldest child's age first, then parents old enough for it
	 * (mothers in Norway are about 30 at a first birth). */
	int eldest = rnd_between(&g->rng, 0, 17);
	int parent_lo = eldest + 22, parent_hi = eldest + 42;
	if (kind < 26 && left >= 2 + nchildren) {
		/* a couple with children under 18 */
		if ((st = add_couple(g, address_id, &adults[0], &adults[1], parent_lo, parent_hi)) != ST_OK)
			return st;
		return add_children(g, address_id, nchildren, eldest, eldest, adults, 2, 2);
	}
	if (kind < 34 && left >= 2 + nchildren) {
		/* a single parent; in six of ten the other parent, at another
		 * address, shares parental responsibility */
		nchildren = nchildren > 2 ? 2 : nchildren;
		adults[0] = (struct member){0, chance(&g->rng, 80), adult_age(g, parent_lo, parent_hi), family_name(g)};
		if ((st = add_person(g, address_id, &adults[0])) != ST_OK)
			return st;
		int nparents = 1;
		if (chance(&g->rng, 60)) {
			int64_t other_address;
			if ((st = new_address(g, m, &other_address)) != ST_OK)
				return st;
			adults[1] = (struct member){0, !adults[0].female, adults[0].age + rnd_between(&g->rng, -3, 5),
			                            family_name(g)};
			if ((st = add_person(g, other_address, &adults[1])) != ST_OK)
				return st;
			nparents = 2;
		}
		return add_children(g, address_id, nchildren, eldest, eldest, adults, nparents, nparents);
	}
	if (kind < 39 && left >= 3) {
		/* parents with a grown child (18-25) still at home */
		if ((st = add_couple(g, address_id, &adults[0], &adults[1], 45, 65)) != ST_OK)
			return st;
		return add_children(g, address_id, 1, 18, 25, adults, 2, 0);
	}
	if (kind < 66 && left >= 2) {
		/* a couple without children at home: mostly those whose children
		 * have moved out */
		int r = rnd(&g->rng, 100);
		int lo = r < 25 ? 20 : r < 60 ? 45 : 67, hi = r < 25 ? 44 : r < 60 ? 66 : POP_MAX_AGE - 4;
		return add_couple(g, address_id, &adults[0], &adults[1], lo, hi);
	}
	/* someone living alone; the oldest are mostly women */
	adults[0].age = chance(&g->rng, 30) ? adult_age(g, 67, POP_MAX_AGE) : adult_age(g, 18, POP_MAX_AGE);
	adults[0].female = chance(&g->rng, adults[0].age >= 75 ? 68 : 48);
	adults[0].family = family_name(g);
	return add_person(g, address_id, &adults[0]);
}

/* The unit every generated person is a patient of. */
static status patient_unit(db_conn *c, int64_t *id)
{
	status st = store_pop_first_gp_office(c, id);
	if (st != ST_NOT_FOUND)
		return st;
	unit u = {0,      "pop-gp",      "gp_office", "Befolkningslegekontoret (syntetisk)",
	          "5001", "73 99 99 00", true,        true,
	          true,   true,          true,        3};
	return store_unit_insert(c, &u, id);
}

static status load_used_nins(struct gen *g)
{
	int64_t existing;
	status st = store_person_count(g->c, &existing);
	if (st != ST_OK)
		return st;
	set_init(&g->used, (size_t)existing + (size_t)g->target);
	int64_t after = 0, last;
	for (;;) {
		if ((st = store_pop_nins_page(g->c, after, POP_NIN_PAGE, add_existing, &g->used, &last)) != ST_OK)
			return st;
		if (last == after)
			return ST_OK;
		after = last;
	}
}

static void gen_reset(struct gen *g)
{
	free(g->used.slot);
	free(g->next_individual);
	store_pop_loader_free(g->l);
	g->used.slot = NULL;
	g->next_individual = NULL;
	g->l = NULL;
}

/* The transaction body; starts from scratch so that a retry redoes it all. */
static status populate(db_conn *c, void *arg)
{
	struct gen *g = arg;
	gen_reset(g);
	g->made = g->addresses = 0;
	g->first_day = date_to_days(POP_FIRST_BIRTH);
	g->today_day = date_to_days(POP_TODAY);
	status st = store_pop_max_ids(c, &g->next_person, &g->next_address);
	if (st == ST_OK)
		st = patient_unit(c, &g->gp_unit);
	if (st == ST_OK)
		st = load_used_nins(g);
	if (st != ST_OK)
		return st;
	/* Vary the households between runs, reproducibly for a given database. */
	g->rng = 0x6A09E667F3BCC909ULL ^ ((uint64_t)g->next_person * 0x9E3779B97F4A7C15ULL);
	if (g->rng == 0)
		g->rng = 1;
	g->next_individual = xcalloc((size_t)(g->today_day - g->first_day + 1) * 2, sizeof *g->next_individual);
	g->l = store_pop_loader_new(c);
	while (g->made < g->target)
		if ((st = add_household(g)) != ST_OK)
			return st;
	return store_pop_loader_finish(g->l);
}

int cli_seed_population(db *d, long persons)
{
	db_conn *c = db_thread_conn(d);
	if (c == NULL) {
		fprintf(stderr, "seed population: cannot connect to the database\n");
		return 1;
	}
	struct gen g = {0};
	g.c = c;
	g.target = persons;
	clock_gettime(CLOCK_MONOTONIC, &g.started);
	status st = persons > 0 ? db_tx(c, true, populate, &g) : ST_OK;
	gen_reset(&g);
	if (st != ST_OK) {
		fprintf(stderr, "seed population: failed (%s); nothing changed\n", status_name(st));
		return 1;
	}
	printf("seed population: %ld persons, %ld addresses in %.1f s\n", g.made, g.addresses,
	       seconds_since(&g.started));
	return 0;
}
