/*
 * NAME
 *	rp_mime_tree 3h
 * SUMMARY
 *	a MIME tree in reading order, and which of its parts a client shows
 * SYNOPSIS
 *	#include "rp_mime_tree.h"
 * DESCRIPTION
 *	rp_mime_tree() lists every object of a GMime tree in the order a
 *	reader meets them, each with its depth and whether it sits in an
 *	alternative that a mail client does not show.
 *	rp_mime_tree_leaf_kind() and rp_mime_tree_lost_kind() tell how
 *	detection reads a leaf, or a multipart that lost its parts, without
 *	decoding it.
 */
#ifndef RP_MIME_TREE_H
#define RP_MIME_TREE_H

#include <stddef.h>
#include <gmime/gmime.h>
#include "rp_mime.h"

/* One object of the tree. */
typedef struct rp_mime_node {
    GMimeObject *obj;		/* owned by the tree's GMime message */
    unsigned depth;		/* 1 for the root, its parent's + 1 */
    int     unseen;		/* in an alternative a client does not show */
} rp_mime_node;

/* rp_mime_tree - every object under root, pre-order; *count of them; caller frees */
rp_mime_node *rp_mime_tree(GMimeObject *root, size_t *count);

/* rp_mime_tree_leaf_kind - text, HTML or neither, from type and file name */
rp_mime_kind rp_mime_tree_leaf_kind(GMimePart *part);

/* rp_mime_tree_lost_kind - the same for a multipart whose boundary never came */
rp_mime_kind rp_mime_tree_lost_kind(GMimeMultipart *mp);

/* rp_mime_tree_is_message - a part that holds a message (message/rfc822) */
int     rp_mime_tree_is_message(GMimeObject *obj);

#endif
