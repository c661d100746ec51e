/* questionnaire_form.h — the part of FHIR R4 Questionnaire and
 * QuestionnaireResponse that helsami understands (SPEC.md Q1): reading a
 * Questionnaire resource into a form, checking a person's answers against
 * it, and writing and reading the answers as a QuestionnaireResponse.
 * Pure functions: no database, no request. docs/questionnaires.md lists the
 * subset.
 *
 * The subset. Item types group, display, boolean, string, text, integer,
 * decimal, date and choice (answerOption with valueCoding, or answerValueSet
 * naming a ValueSet contained in the questionnaire; `repeats` for several
 * answers, on choice only). Groups hold groups and questions, and a
 * question may hold follow-up items, down to QF_DEPTH_MAX levels. enableWhen
 * (every operator, enableBehavior any/all), readOnly, initial values, the
 * questionnaire-hidden extension, calculated values (calculatedExpression
 * with variables, questionnaire_fhirpath.h), itemControl, entryFormat,
 * minOccurs/maxOccurs (questionnaire_controls.h), a quantity's units
 * (questionnaire-unit, unitOptions) and the national portal's settings,
 * sublabels, maxDecimalPlaces and data-receivers (questionnaire_national.h)
 * change how the form behaves. The resource's
 * own text is Norwegian bokmål or English (`language`); the other comes from
 * the standard translation extension on `_title`, `_text` and a coding's
 * `_display` (questionnaire_language.h). Features that
 * would change how a form behaves and that helsami does not implement
 * (a value set only a terminology server can expand, other item types,
 * every extension not listed in
 * docs/questionnaires.md) are refused at import by name rather than
 * ignored, so a questionnaire never reaches a patient looking different from
 * what its author meant. */
#ifndef HELSAMI_DOMAIN_QUESTIONNAIRE_FORM_H
#define HELSAMI_DOMAIN_QUESTIONNAIRE_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/ctx.h"

/* Limits, in characters unless said. The largest form of Norway's national
 * health portal has about 440 items and 385 KB pretty-printed: the size is
 * counted on the compact JSON, and 1,000 items leave room for twice that. */
enum {
	QF_RESOURCE_MAX_BYTES = 1024 * 1024, /* compact JSON */
	QF_FILE_MAX_BYTES = 8 * 1024 * 1024, /* a file as published, indented */
	QF_ITEMS_MAX = 1000,
	QF_DEPTH_MAX = 8,                      /* levels of items within items */
	QF_OPTIONS_MAX = 50,                   /* on a choice, and codes in a value set */
	QF_CONTAINED_MAX = 100,                /* value sets contained in a questionnaire */
	QF_CONDITIONS_MAX = 50,                /* enableWhen entries on one item */
	QF_INSTANCES_MAX = 20,                 /* instances of one repeating group ("add another") */
	QF_ANSWERS_MAX = 20,                   /* answers to one repeating question other than a choice: as instances */
	QF_REPEAT_DEPTH_MAX = 3,               /* repeating groups within one another (docs/questionnaires.md) */
	QF_ITEM_FILES_MAX = 5,                 /* files answering one repeating attachment item */
	QF_FILES_MAX = 10,                     /* files answering one questionnaire */
	QF_FILES_BYTES_MAX = 20 * 1024 * 1024, /* their bytes in all: five files at the upload limit */
	QF_EXPANDED_MAX = 4000,                /* items of a form with its repeating groups' instances */
	QF_PROBLEMS_MAX = 100,                 /* import problems listed; more are counted */
	QF_LINK_ID_MAX = 255,
	QF_NAME_MAX = 255,
	QF_URL_MAX = 255,
	QF_VERSION_MAX = 64,
	QF_TITLE_MAX = 200,
	QF_TEXT_MAX = 1000,
	QF_MARKDOWN_MAX = 4000,    /* a text's Markdown (rendering-markdown) */
	QF_STRING_MAX = 500,       /* a one-line answer, and its default */
	QF_TEXT_ANSWER_MAX = 4000, /* a free-text answer, and its default */
	QF_INTEGER_LIMIT = 1000000000,
	/* Significant digits of a decimal answer in the response: every decimal a
	 * person types (RESULT_NUMBER_MAX characters) survives, and 0.1 stays 0.1. */
	QF_DECIMAL_DIGITS = 15,
};

enum qf_type {
	QF_GROUP,
	QF_DISPLAY,
	QF_BOOLEAN,
	QF_STRING,
	QF_TEXT,
	QF_INTEGER,
	QF_DECIMAL,
	QF_DATE,
	QF_CHOICE,
	QF_QUANTITY,   /* a decimal in the item's one unit */
	QF_ATTACHMENT, /* a file, under the upload rules (domain/uploads.h) */
};

/* The file types an attachment item may take (mimeType), of those the
 * upload rules know (domain/uploads.h; questionnaire_files.h). */
enum qf_file_type { QF_FILE_PDF = 1, QF_FILE_JPEG = 2, QF_FILE_PNG = 4, QF_FILE_ANY = 7 };

/* A unit of measure (questionnaire-unit, or the one unitOption). */
typedef struct qf_unit {
	const char *system, *code, *display; /* system NULL without; display: code without one */
} qf_unit;

/* enableWhen's operators. */
enum qf_op { QF_OP_EXISTS, QF_OP_EQ, QF_OP_NE, QF_OP_GT, QF_OP_LT, QF_OP_GE, QF_OP_LE };

/* One enableWhen entry: the question (an item index) and the value to
 * compare its answers with, as answer text (qf_answer); for `exists`,
 * "true" or "false". A coding compares by code, and by system when both
 * give one. */
typedef struct qf_condition {
	int question;
	enum qf_op op;
	const char *value;
	const char *system;
} qf_condition;

/* An answer option, from the item's answerOption or from the concepts of
 * a ValueSet contained in the questionnaire (answerValueSet). */
typedef struct qf_option {
	const char *system; /* NULL when the coding has none */
	const char *code;
	const char *display_nb, *display_en; /* display_en NULL without a translation */
	bool scored;                         /* it carries an ordinalValue or itemWeight */
	double score;
} qf_option;

/* The national portal's scoring by item code (http://ehelse.no/scoringFormulas):
 * a question that scores (QS: its options' ordinalValue), and the items
 * that sum the scores of their section (SS) or of the whole form (TS). */
enum qf_score { QF_SCORE_NONE, QF_SCORE_QUESTION, QF_SCORE_SECTION, QF_SCORE_TOTAL };

/* How a display text is shown: as any text, or as the national portal's
 * itemControls say (a `text` item carrying one is a text, not a question):
 * highlighted, as a section the reader opens (its items within it), or as
 * information beside the form. */
enum qf_show { QF_SHOW_TEXT, QF_SHOW_HIGHLIGHT, QF_SHOW_INLINE, QF_SHOW_SIDEBAR };

/* A named FHIRPath expression (the variable extension). */
typedef struct qf_variable {
	const char *name, *expression;
} qf_variable;

typedef struct qf_item {
	const char *link_id;
	enum qf_type type;
	const char *prefix; /* "1a", shown before the text; NULL without */
	const char *text_nb,
	    *text_en; /* NULL without text (groups, hidden items); text_en NULL without a translation */
	bool required, repeats;
	bool read_only;       /* shown, never changed or submitted by the patient */
	bool hidden;          /* never shown (questionnaire-hidden); its initial values are kept */
	bool help;            /* a display item that is help for the item it is in (itemControl 'help') */
	bool drop_down;       /* yes/no or a single choice as a select (itemControl 'drop-down'), not radio buttons */
	bool check_box;       /* itemControl 'check-box': several answers, also on a choice that does not repeat */
	enum qf_show show;    /* how a text the national portal's itemControls present is shown */
	const char *markdown; /* the text as Markdown (rendering-markdown on _text), in the form's own language */
	const char *validation_text;   /* the form's own message for a failed check (validationtext); NULL without */
	const char *entry_format;      /* what to type, shown as the input's hint (entryFormat); NULL without */
	const char *sublabel;          /* Markdown under the label (the national portal's sdf-sublabel); NULL without */
	bool decimals_limited;         /* a decimal or quantity takes at most max_decimals digits after the point */
	int max_decimals;              /* maxDecimalPlaces, 0 to QF_DECIMAL_DIGITS */
	bool data_receiver;            /* itemControl 'data-receiver': shows what its cqf-expression copies */
	size_t min_occurs, max_occurs; /* answers of a repeating choice or question, instances of a repeating group;
	                                  0 without */
	const char *repeats_text;      /* the "add another" button's text (the national portal's repeatstext); NULL
	                                  without */
	size_t max_length;             /* string and text answers */
	size_t max_size;               /* an attachment's bytes (maxSize; questionnaire_files.h); 0: the upload limit */
	unsigned file_types;           /* an attachment's types, QF_FILE_* (mimeType); 0: all three */
	size_t min_length;             /* string and text answers (minLength); 0 without */
	const char *regex;             /* string and text answers must match it whole (POSIX extended); NULL without */
	const char *min_value,
	    *max_value; /* integer, decimal, quantity and date answers, as answer text; NULL without */
	qf_unit unit;   /* integer, decimal (shown), quantity (also stored); code NULL without; of several, the first */
	qf_unit *units; /* a quantity's units to choose from (several unitOptions); NULL with one */
	size_t nunits;
	qf_option *options;
	size_t noptions;
	const char **initial; /* initial answers, as qf_answer values */
	size_t ninitial;
	qf_condition *enable_when; /* none: always enabled (if its parent is) */
	size_t nenable_when;
	bool enable_all;        /* enableBehavior all; else any */
	const char *calculated; /* a calculatedExpression: computed on the server, read-only; NULL without */
	enum qf_score score;    /* QF_SCORE_SECTION and _TOTAL are computed on the server and read-only, too */
	const char *prefill;    /* an initialExpression over %patient, or the national portal's sdf-fhirpath over
	                           the Patient (qf_prefill); NULL without */
	qf_variable *vars;      /* variables defined on the item, in order */
	size_t nvars;
	int group;        /* index of the enclosing item (a group or a question), -1 at the top level */
	int depth;        /* 0 at the top level */
	int source;       /* index of the item in the definition (qf_form.def); its own index in a definition */
	int instance;     /* which instance of the repeating group around it (or that it is), from 0; else 0 */
	size_t instances; /* a repeating group's: how many instances it has where it is (qf_counts); else 1 */
	bool calculated_on_response; /* the national portal's calculated expression: over the response (refero) */
} qf_item;

/* The problems an extension reader finds on one item (English, for the
 * operator, without the item's name): a list from the arena with room for
 * as many as the reader may add. */
typedef struct qf_found {
	arena *a;
	const char **list;
	size_t n;
} qf_found;
qf_found qf_found_new(arena *a, size_t room);
void qf_found_add(qf_found *f, const char *what);
/* The problems as a NULL-terminated list; empty when there were none. */
const char **qf_found_list(qf_found *f);

/* How many instances each occurrence of a repeating group has. A
 * repeating group occurs once within each instance of the repeating groups
 * around it; an occurrence is named by its key: the group's index in the
 * definition, then the instance numbers (from 0) of the repeating groups
 * around it, outermost first, each after a dot ("4"; "9.1": group 9 within
 * the second instance of the group around it). An occurrence not listed
 * has one instance. */
typedef struct qf_count {
	const char *key;
	size_t n;
} qf_count;

typedef struct qf_counts {
	const qf_count *v;
	size_t n;
} qf_counts;

/* A questionnaire's items flattened in document order: an item is followed
 * by the items within it. */
typedef struct qf_form {
	const char *url;              /* NULL when the questionnaire has none */
	const char *name;             /* NULL when it has none */
	const char *identity;         /* url, or name without one: with the version, what identifies it */
	const char *version, *status; /* status: draft, active, retired */
	const char *title_nb, *title_en;
	const char *language; /* what its own texts are in: "nb" or "en" (questionnaire_language.h) */
	bool translated;      /* its title is translated into the other language */
	bool subject_only;    /* only the patient may answer, not a representative (sdf-canbeperformedby 2) */
	qf_variable *vars;    /* variables defined on the questionnaire, in order */
	size_t nvars;
	qf_item *items;
	size_t n;
	const struct qf_form *def; /* what qf_expand expanded; NULL for a definition */
	const qf_counts *counts;   /* what it was expanded with; NULL for a definition */
} qf_form;

enum { QF_VALUE_SET_FILES_MAX = 20 }; /* ValueSet files imported beside one questionnaire */

/* What `helsami import questionnaire` may set or override before the
 * resource is read (NULL: as published), and the ValueSets imported beside
 * it (files: their names, for messages, and texts). */
typedef struct qf_identity {
	const char *url, *name, *version;
	const char
	    *language; /* which Questionnaire of a Bundle to import, by its language ("nb-NO"); NULL: the only one */
	const char *value_set_files[QF_VALUE_SET_FILES_MAX];
	const char *value_set_texts[QF_VALUE_SET_FILES_MAX];
	size_t value_set_lens[QF_VALUE_SET_FILES_MAX];
	size_t nvalue_sets;
} qf_identity;

/* One item's answer: the values as the form gives them (boolean "true" or
 * "false", integer and decimal as digits, a date as YYYY-MM-DD, a choice's
 * code; several codes for a repeating choice; a quantity's number, and with
 * a choice of units a space and the unit's code: "72.5 kg"; a stored file
 * as qf_attachment_value writes it). n 0: not answered. */
typedef struct qf_answer {
	const char **values;
	size_t n;
} qf_answer;

/* One past the last item within item i (items follow the item they are in). */
size_t qf_item_end(const qf_form *f, size_t i);
/* Whether anything within item i, or i itself, is answered. */
bool qf_answered_within(const qf_form *f, size_t i, const qf_answer *answers);

/* A stored file answering an attachment item, as the QuestionnaireResponse's
 * valueAttachment carries it: url is the file's download route. */
typedef struct qf_attachment {
	const char *url, *content_type, *title;
	int64_t size;
} qf_attachment;

/* The answer value of a stored file: "url size content-type title" (url
 * and type hold no space). From a. */
const char *qf_attachment_value(arena *a, const qf_attachment *att);

/* Reads a value qf_attachment_value wrote; false for anything else. */
bool qf_attachment_parse(arena *a, const char *value, qf_attachment *out);

/* Whether the form has an attachment item (its page posts multipart). */
bool qf_has_attachment(const qf_form *f);

enum { QF_UNITS_MAX = 20 }; /* unitOptions on one quantity */

/* A quantity answer's unit: the item's one unit, or the one chosen (NULL
 * when the value names none of the item's units). Its number is what
 * comes before the first space. */
const qf_unit *qf_quantity_unit(const qf_item *it, const char *value);

/* What a prefill (initialExpression) may read of %patient: the members of
 * the FHIR Patient resource qf_patient_json writes, NULL-terminated. */
extern const char *const qf_patient_members[];

/* The person a questionnaire is for, as helsami has them (NULL: not known
 * or withheld). */
typedef struct qf_person {
	const char *nin; /* fødselsnummer or D-number */
	const char *given_name, *family_name, *birth_date;
	const char *phone, *email;
	const char *street, *postcode, *city; /* all three or none */
	unix_time now;                        /* when the age is reckoned (with birth_date); 0: no age */
} qf_person;

/* The person as a FHIR R4 Patient resource (a new reference): identifier
 * (fødselsnummer urn:oid:2.16.578.1.12.4.1.4.1 or D-number ...4.2), name
 * (given, family, text "given family"), birthDate, telecom (phone, email),
 * address (line, postalCode, city, text), and the age in completed years
 * as the national portal's Patient carries it (an extension
 * http://helsenorge.no/fhir/StructureDefinition/sdf-age, valueInteger). */
json_t *qf_patient_json(const qf_person *p);

/* What a prefill may read of the national portal's RelatedPerson (the
 * representative acting): the members qf_related_person_json writes, and
 * the Patient's by type name; NULL-terminated. */
extern const char *const qf_related_person_members[];

/* The representative acting for the patient as a FHIR R4 RelatedPerson (a
 * new reference): identifier and name only, as qf_patient_json writes them. */
json_t *qf_related_person_json(const qf_person *p);

/* Gives each item of def with a prefill its initial values: what the
 * expression gives over patient (a Patient resource; NULL: none), as
 * answers of the item's type (a number into an integer, decimal or
 * quantity); a value the item would refuse (a date that is not one, too
 * long, a fraction for an integer) is left out. */
void qf_prefill(arena *a, qf_form *def, json_t *patient);

/* As qf_prefill, with the representative acting for the patient as the
 * national portal's RelatedPerson (NULL: the patient answers themself, and
 * what names RelatedPerson gives nothing). */
void qf_prefill_acting(arena *a, qf_form *def, json_t *patient, json_t *representative);

/* Whether any item of def has a prefill. */
bool qf_has_prefill(const qf_form *def);

/* Reads a Questionnaire resource (JSON text of len bytes). On failure
 * returns false and sets *error to English sentences for the operator, one
 * a line, naming each problem found and the item (linkId and path) it is
 * in. Memory comes from a. */
bool qf_parse(arena *a, const char *json, size_t len, qf_form *out, const char **error);

/* For import: the published text (up to QF_FILE_MAX_BYTES) with the
 * identity set or overridden, as compact JSON in *compact (from a), then
 * read as qf_parse does; the size limit holds for the compact text. The
 * ValueSets of set (each with a url that an item's answerValueSet names)
 * become contained resources of the stored questionnaire, so its answer
 * options travel with it; one only a terminology server can expand is
 * refused as a contained one is. */
bool qf_import_text(arena *a, const char *json, size_t len, const qf_identity *set, qf_form *out, const char **compact,
                    const char **error);

/* The definition a form was expanded from (the form itself if it was not). */
const qf_form *qf_definition(const qf_form *f);

/* Whether the item is a group that repeats ("add another"). */
bool qf_is_repeating_group(const qf_item *it);

/* How many instances a repeating group may have: its maxOccurs, at most
 * QF_INSTANCES_MAX. */
size_t qf_instances_max(const qf_item *it);

/* Whether the item is a question other than a choice or a file that
 * repeats: one box per answer, with "add another" and "remove". */
bool qf_is_repeating_question(const qf_item *it);

/* How many answers a repeating question may have: its maxOccurs (at most
 * QF_ANSWERS_MAX; the import refuses more). */
size_t qf_answers_max(const qf_item *it);

/* The repeating question of f (expanded) whose key (qf_count_key) is key;
 * -1 when none. */
int qf_repeating_question_named(arena *a, const qf_form *f, const char *key);

/* Gives repeating question i one empty answer more to show (two when it
 * has none: its one empty box is there anyway), within qf_answers_max.
 * An empty answer is no answer: the save leaves it out. From a. */
void qf_answers_add(arena *a, const qf_form *f, size_t i, qf_answer *answers);

/* The form with each occurrence of a repeating group of def (a
 * definition) given the instances counts says (NULL: one each), the items
 * of an instance copied after it, a nested group's instances within the
 * instance of its parent: conditions within an instance look at the
 * questions of the same instance. False when a count is out of range
 * (1..qf_instances_max), a key names no occurrence of the expanded form
 * (an instance of a parent that is not there) or is given twice, or the
 * form would have more than QF_EXPANDED_MAX items. Memory from a; out
 * shares def's texts. */
bool qf_expand(arena *a, const qf_form *def, const qf_counts *counts, qf_form *out);

/* The instances of each occurrence of a repeating group of def that a
 * stored QuestionnaireResponse holds (at most qf_instances_max), for
 * qf_expand. An unreadable text gives none (one instance each). */
const qf_counts *qf_response_counts(arena *a, const qf_form *def, const char *json);

/* The key of the occurrence that item i of f (an instance of a repeating
 * group) is an instance of (qf_count). From a. */
const char *qf_count_key(arena *a, const qf_form *f, size_t i);

/* f's counts with one instance more for the occurrence named key, unless it
 * has as many as it may (then as they are); NULL when f has no such
 * occurrence. From a. */
const qf_counts *qf_counts_add(arena *a, const qf_form *f, const char *key);

/* The key that the occurrence named key (of a repeating group, or a
 * repeating question's) will have once answers (settled, one per item of
 * f) are stored: instances with nothing answered are not in the response,
 * so the instances around it may be numbered anew. NULL when it will not
 * be there (it is in an instance that is left out) or f has no such
 * occurrence. From a. */
const char *qf_stored_key(arena *a, const qf_form *f, const qf_answer *answers, const char *key);

/* Which items are enabled by their enableWhen (and their parents') given
 * these answers (one per item): an array of f->n flags from a. An item
 * below a disabled item, or below an unanswered question, is disabled. */
bool *qf_enabled(arena *a, const qf_form *f, const qf_answer *answers);

/* Whether one enableWhen condition holds given these answers and enabled
 * flags: without an answer (or with its question off) only `exists` can;
 * with several, = holds when one matches, != when none does, and an order
 * when one satisfies it. Numbers compare as numbers (a decimal comma
 * reads as a point), the rest as text. */
bool qf_condition_holds(const qf_form *f, const qf_condition *c, const qf_answer *answers, const bool *enabled);

/* Whether answer value v of question q equals the condition's value: by
 * code, and for a coding by system too when both give one. */
bool qf_value_matches(const qf_item *q, const qf_condition *c, const char *v);

/* Settles answers before they are checked and stored: read-only and hidden
 * items take their initial values whatever was sent (a prefilled one keeps
 * the answer it has: the value as the response stored it); calculated items take
 * the value their expression gives over the response (none when it gives
 * none); disabled items lose their answers. Returns the enabled flags
 * (qf_enabled). */
bool *qf_settle(arena *a, const qf_form *f, qf_answer *answers);

/* Whether the patient types or picks this item's answer. */
bool qf_is_input(const qf_item *it);

/* Whether the item takes an answer (not a group or display item). */
bool qf_is_question(const qf_item *it);

/* Whether the server computes the item's value: a calculatedExpression, or
 * a section or total score. */
bool qf_is_computed(const qf_item *it);

/* The item's text, title or option display in the locale, falling back to
 * the Norwegian text when there is no English translation. */
const char *qf_item_text(const qf_item *it, enum locale loc);
const char *qf_title(const qf_form *f, enum locale loc);
const char *qf_option_display(const qf_option *o, enum locale loc);

/* The language a reader in loc sees the form's texts in, for a `lang`
 * attribute: loc's own when the form is written in it or its title is
 * translated into it, else the form's ("nb" or "en"). */
const char *qf_text_language(const qf_form *f, enum locale loc);

/* An item's text and an option's display in the form's own language, as
 * the QuestionnaireResponse carries them. */
const char *qf_own_text(const qf_form *f, const qf_item *it);
const char *qf_own_display(const qf_form *f, const qf_option *o);

/* Checks one answer against its item and normalizes its values in place
 * (a decimal comma becomes a point). Returns NULL when fine, else the
 * catalog key of the problem; *max is set for "too long". A missing answer
 * to a required item is a problem only when `complete`. */
const char *qf_check_answer(arena *a, const qf_item *it, qf_answer *ans, bool complete, size_t *max);

/* One problem qf_check finds: the item (a question, or a group that is
 * required or has minOccurs)
 * and the catalog key, with the limit it names (0 for none). */
typedef struct qf_problem {
	size_t item;
	const char *key;
	int64_t limit;
} qf_problem;

/* Checks every enabled item's answers (qf_check_answer) and, when
 * `complete`, that a required group has an answer within it (a repeating
 * one in any instance) and that a repeating group with minOccurs has that
 * many instances answered once one is. An instance of a repeating group
 * past the first with nothing answered in it is not there (the response
 * leaves it out): its required questions are not asked for. Returns the problems, in
 * document order, in *out (from a). */
size_t qf_check(arena *a, const qf_form *f, qf_answer *answers, const bool *enabled, bool complete, qf_problem **out);

/* The answers (one per item of f, in order) as a QuestionnaireResponse
 * with status "in-progress" or "completed", authored at `authored`. The
 * response names the questionnaire (url|version; a questionnaire without a
 * url is named by the stored request) and carries the items' texts as
 * shown, never who the patient is. Nested as the questionnaire is: a
 * question's follow-up items go in its answer. */
char *qf_response_json(arena *a, const qf_form *f, const qf_answer *answers, bool completed, unix_time authored);

/* A decimal as a person writes it, never in exponent notation: 1e-05 is
 * 0.00001 (which qf_check_answer accepts again). From a. */
const char *qf_decimal_text(arena *a, double v);

/* Reads the answers of a stored QuestionnaireResponse back into one
 * qf_answer per item of f (items it does not answer stay empty), item by
 * item within their parents: the k-th occurrence of a repeating group
 * fills its k-th instance in f (qf_expand with qf_response_counts), and
 * occurrences past f's instances are left out. False if the text is not
 * such a response. */
bool qf_response_answers(arena *a, const qf_form *f, const char *json, qf_answer *answers);

#endif
