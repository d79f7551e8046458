/*
 * NAME
 *	rp_svg 3
 * SUMMARY
 *	links, scripts and text of an SVG image (libxml2)
 * SYNOPSIS
 *	#include "rp_svg.h"
 *
 *	int	rp_svg_read(const char *data, size_t len,
 *			    const rp_attach_sink *sink)
 * DESCRIPTION
 *	An SVG opens in a browser, where it runs its scripts: an SVG
 *	attachment is a web page.  rp_svg_read() parses it with libxml2's
 *	XML parser, safely: no network (XML_PARSE_NONET), no external DTD
 *	or entity loaded, entities not substituted (no XML_PARSE_NOENT,
 *	so a billion-laughs document costs its own bytes; libxml2 stops
 *	entity amplification too), no huge-tree mode, no error printed.
 *	Then, walking the tree without recursion:
 * .IP \(bu
 *	every href attribute (in any namespace: href, xlink:href) goes to
 *	sink->link() (RP_LINK_HTML): <a>, <image>, <use>, and data: URLs,
 *	which the sink reads in turn;
 * .IP \(bu
 *	the text of <script> elements and the values of event handler
 *	attributes (onload, onclick... any attribute named on*) are
 *	searched for URLs (sink->scan()): window.location = "...",
 *	location.href, fetch(); and each quoted string of 16 or more base64
 *	characters in them is decoded (atob("aHR0cHM6Ly8...")) and
 *	searched as well;
 * .IP \(bu
 *	the text of every other element (<text>, <title>, <foreignObject>
 *	content...) goes to sink->text().
 * .PP
 *	A document libxml2 cannot parse (malformed, truncated, or stopped
 *	for entity amplification) is searched for URLs as a whole, script
 *	literals included.
 * DIAGNOSTICS
 *	1 for a document that does not parse, 0 otherwise.
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "rp_features.h"
#include "rp_svg.h"
#include "rp_util.h"

#define SVG_B64_MIN	16		/* base64 literal worth decoding */
#define SVG_B64_MAX	65536		/* bytes of one literal decoded */
#define SVG_LEN_MAX	((size_t) 0x7fffffff)	/* what libxml2 takes */

/* svg_b64char - may c appear in a base64 literal */
static int svg_b64char(int c)
{
    return g_ascii_isalnum(c) || c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
}

/* svg_script - the URLs of a script, base64 literals decoded */
static void svg_script(const char *s, size_t len, const rp_attach_sink *sink)
{
    size_t  i, j, n;
    guchar *bin;
    char   *lit;
    gsize   out;

    sink->scan(sink->ctx, s, len);
    for (i = 0; i < len; i++) {
	if (s[i] != '"' && s[i] != '\'' && s[i] != '`')
	    continue;
	for (j = i + 1; j < len && svg_b64char((unsigned char) s[j]); j++)
	     /* void */ ;
	n = j - i - 1;
	if (j < len && s[j] == s[i] && n >= SVG_B64_MIN && n <= SVG_B64_MAX) {
	    lit = rp_strndup(s + i + 1, n);
	    bin = g_base64_decode(lit, &out);
	    if (bin != NULL && out > 0)
		sink->scan(sink->ctx, (const char *) bin, out);
	    g_free(bin);
	    free(lit);
	}
	i = j < len && s[j] == s[i] ? j : j - 1;
    }
}

/* svg_attrs - the links and handlers of one element */
static void svg_attrs(xmlNode *el, const rp_attach_sink *sink)
{
    xmlAttr *a;
    xmlChar *v;

    for (a = el->properties; a; a = a->next) {
	if (a->name == NULL || (v = xmlNodeListGetString(el->doc, a->children, 1)) == NULL)
	    continue;
	if (rp_ascii_casecmp((const char *) a->name, "href") == 0)
	    sink->link(sink->ctx, (const char *) v, strlen((const char *) v), RP_LINK_HTML);
	else if (rp_ascii_ncasecmp((const char *) a->name, "on", 2) == 0)
	    svg_script((const char *) v, strlen((const char *) v), sink);
	xmlFree(v);
    }
}

/* svg_in_script - is the node inside a <script> (or <style>) element */
static int svg_in_script(const xmlNode *n)
{
    for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
	if (n->name && (rp_ascii_casecmp((const char *) n->name, "script") == 0
			|| rp_ascii_casecmp((const char *) n->name, "style") == 0))
	    return rp_ascii_casecmp((const char *) n->name, "script") == 0 ? 1 : 2;
    return 0;
}

/* svg_walk - every node of the tree, in document order, without recursion */
static void svg_walk(xmlNode *root, const rp_attach_sink *sink)
{
    xmlNode *n = root;
    const char *s;
    int     where;

    while (n != NULL) {
	if (n->type == XML_ELEMENT_NODE) {
	    svg_attrs(n, sink);
	} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		   && n->content != NULL) {
	    s = (const char *) n->content;
	    where = svg_in_script(n);
	    if (where == 1)
		svg_script(s, strlen(s), sink);
	    else if (where == 0)
		sink->text(sink->ctx, s, strlen(s));
	}
	/* Entity references are not followed: their text is never expanded. */
	if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
	    n = n->children;
	    continue;
	}
	while (n != NULL && n->next == NULL && n != root)
	    n = n->parent;
	if (n == NULL || n == root)
	    break;
	n = n->next;
    }
}

/* rp_svg_read - what an SVG links to, runs and shows */
int     rp_svg_read(const char *data, size_t len, const rp_attach_sink *sink)
{
    xmlParserCtxt *ctxt;
    xmlDoc *doc = NULL;
    int     broken;

    if (len > SVG_LEN_MAX)
	len = SVG_LEN_MAX;
    if ((ctxt = xmlNewParserCtxt()) != NULL)
	doc = xmlCtxtReadMemory(ctxt, data, (int) len, "attachment.svg", NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    broken = doc == NULL || (ctxt && !ctxt->wellFormed);
    if (doc != NULL && xmlDocGetRootElement(doc) != NULL)
	svg_walk(xmlDocGetRootElement(doc), sink);
    if (broken)
	svg_script(data, len, sink);
    if (doc != NULL)
	xmlFreeDoc(doc);
    if (ctxt != NULL)
	xmlFreeParserCtxt(ctxt);
    return broken;
}
