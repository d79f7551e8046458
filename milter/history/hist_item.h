/*
 * hist_item.h - one domain of a message, as hist_store.c hands it to a
 * backend (internal to milter/history)
 *
 * A backend records all the items of one message in one transaction (LMDB)
 * or one round trip (Redis): one fsync per message, not one per domain.
 */
#ifndef HIST_ITEM_H
#define HIST_ITEM_H

typedef struct hist_item {
    const char *key;			/* "ROLE:domain", checked and folded */
    const char *brand;			/* NULL: keep the one stored */
} hist_item;

#endif
