/* libical's iTIP check (RFC 5546 restrictions per METHOD) over one .ics file, for the tests:
   prints each X-LIC-ERROR libical adds and exits 0 only when the file passes. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static int report(icalcomponent *component) {
    int errors = 0;
    for (icalproperty *p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
        printf("%s: %s\n", icalcomponent_kind_to_string(icalcomponent_isa(component)),
               icalproperty_get_xlicerror(p));
        errors++;
    }
    for (icalcomponent *c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT);
         c != NULL; c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
        errors += report(c);
    }
    return errors;
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    FILE *file = fopen(argv[1], "rb");
    if (!file) return 2;
    static char text[1 << 20];
    size_t size = fread(text, 1, sizeof(text) - 1, file);
    fclose(file);
    text[size] = 0;
    icalcomponent *calendar = icalparser_parse_string(text);
    if (calendar == NULL) { puts("unreadable"); return 1; }
    int valid = icalrestriction_check(calendar);
    int errors = report(calendar);
    printf("method=%s restriction=%s errors=%d\n",
           icalproperty_method_to_string(icalcomponent_get_method(calendar)),
           valid ? "ok" : "failed", errors);
    return (valid && errors == 0) ? 0 : 1;
}
