/*
 * NAME
 *	rp_check_package 3
 * SUMMARY
 *	the package check: install commands and manifests in the shown text
 *	that name a typosquat of a popular package, or a malicious one
 * SYNOPSIS
 *	#include "rp_check_state.h"
 *
 *	void	rp_check_packages(check_state *st)
 * DESCRIPTION
 *	rp_check_packages() reads the text shown to the reader for what it
 *	asks the reader to install, and asks rp_packages_lookup() about
 *	each name:
 * .IP \(bu
 *	install commands of each ecosystem: pip (pip3, "python -m pip",
 *	pipx, uv, poetry, pipenv, pdm), npm, yarn, pnpm, bun and their
 *	one-shot runners (npx, pnpm dlx, bunx: the first name only),
 *	cargo, gem and bundle, go get and go install, composer, dotnet add
 *	package, Install-Package, nuget and paket, flutter and dart pub,
 *	docker and podman pull and run (the image), brew, conda, mamba
 *	and micromamba.  sudo and a shell prompt in front are skipped;
 *	flags are skipped, with the argument of those that take one;
 *	version pins, extras, tags and channels are cut off the name
 *	("reqeusts==2.31", "lodash@4", "nginx:1.25", "conda-forge::numpy");
 *	every name of the command is read, up to the end of the line, a
 *	shell separator or a word of prose;
 * .IP \(bu
 *	manifest fragments (a requirements line, package.json and
 *	composer.json dependencies, a Cargo.toml [dependencies] table,
 *	Gemfile lines) and links to a registry's page for a package
 *	(rp_check_manifest.c).
 * .PP
 *	The text is the features' shown text (HTML <code> and <pre>
 *	included) as pkg_shown_text() makes it (rp_check_pkgtext.c: case
 *	and compatibility forms folded, line ends and look-alike letters
 *	kept, backslash-continued lines joined).  Each distinct name is a
 *	finding once, PACKAGE_MALICIOUS or PACKAGE_TYPOSQUAT, with the
 *	command and the popular name in its reason.  Neither is lure
 *	wording an aligned pass could clear: a genuine platform's
 *	notification that carries the command is judged by the command.
 *
 *	One pass over the text: a command or manifest is recognised at a
 *	word by looking at most six words ahead, its arguments (at most
 *	RP_PKG_ARGS_MAX words, RP_PKG_PAIRS_MAX manifest entries) are read
 *	once, and the scan goes on after them.  Each distinct name is
 *	looked up once, in time linear in its length (rp_packages.c), so
 *	the whole check is linear in the text; there is no count of names
 *	past which the check stops looking.  Hidden text and alternatives
 *	a client does not show ask the reader nothing and are not read.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp_check_pkgtext.h"
#include "rp_util.h"

#define RP_PKG_ARGS_MAX		64	/* words of one command read */

/* What a command's words say: ecosystem, flags that take an argument. */
typedef struct pkg_cmd {
    const char *w[3];			/* the command's words; NULL ends */
    rp_pkg_eco eco;
    int     first;			/* only the first name (runners, images) */
} pkg_cmd;

static const pkg_cmd commands[] = {
    {{"pip", "install"}, RP_PKG_PYPI, 0},
    {{"pip", "download"}, RP_PKG_PYPI, 0},
    {{"pipx", "install"}, RP_PKG_PYPI, 0},
    {{"pipx", "run"}, RP_PKG_PYPI, 1},
    {{"uv", "pip", "install"}, RP_PKG_PYPI, 0},
    {{"uv", "add"}, RP_PKG_PYPI, 0},
    {{"uv", "tool", "install"}, RP_PKG_PYPI, 0},
    {{"uvx"}, RP_PKG_PYPI, 1},
    {{"poetry", "add"}, RP_PKG_PYPI, 0},
    {{"pipenv", "install"}, RP_PKG_PYPI, 0},
    {{"pdm", "add"}, RP_PKG_PYPI, 0},
    {{"easy_install"}, RP_PKG_PYPI, 0},
    {{"npm", "install"}, RP_PKG_NPM, 0},
    {{"npm", "i"}, RP_PKG_NPM, 0},
    {{"npm", "add"}, RP_PKG_NPM, 0},
    {{"npm", "exec"}, RP_PKG_NPM, 1},
    {{"npx"}, RP_PKG_NPM, 1},
    {{"yarn", "add"}, RP_PKG_NPM, 0},
    {{"yarn", "global", "add"}, RP_PKG_NPM, 0},
    {{"yarn", "dlx"}, RP_PKG_NPM, 1},
    {{"pnpm", "add"}, RP_PKG_NPM, 0},
    {{"pnpm", "install"}, RP_PKG_NPM, 0},
    {{"pnpm", "i"}, RP_PKG_NPM, 0},
    {{"pnpm", "dlx"}, RP_PKG_NPM, 1},
    {{"pnpx"}, RP_PKG_NPM, 1},
    {{"bun", "add"}, RP_PKG_NPM, 0},
    {{"bun", "install"}, RP_PKG_NPM, 0},
    {{"bun", "i"}, RP_PKG_NPM, 0},
    {{"bunx"}, RP_PKG_NPM, 1},
    {{"cargo", "add"}, RP_PKG_CRATES, 0},
    {{"cargo", "install"}, RP_PKG_CRATES, 0},
    {{"gem", "install"}, RP_PKG_RUBYGEMS, 0},
    {{"bundle", "add"}, RP_PKG_RUBYGEMS, 0},
    {{"go", "get"}, RP_PKG_GO, 0},
    {{"go", "install"}, RP_PKG_GO, 0},
    {{"composer", "require"}, RP_PKG_PACKAGIST, 0},
    {{"composer", "global", "require"}, RP_PKG_PACKAGIST, 0},
    {{"dotnet", "add", "package"}, RP_PKG_NUGET, 1},
    {{"install-package"}, RP_PKG_NUGET, 1},
    {{"nuget", "install"}, RP_PKG_NUGET, 1},
    {{"paket", "add"}, RP_PKG_NUGET, 1},
    {{"flutter", "pub", "add"}, RP_PKG_PUB, 0},
    {{"dart", "pub", "add"}, RP_PKG_PUB, 0},
    {{"docker", "pull"}, RP_PKG_DOCKER, 1},
    {{"docker", "run"}, RP_PKG_DOCKER, 1},
    {{"podman", "pull"}, RP_PKG_DOCKER, 1},
    {{"podman", "run"}, RP_PKG_DOCKER, 1},
    {{"brew", "install"}, RP_PKG_HOMEBREW, 0},
    {{"brew", "reinstall"}, RP_PKG_HOMEBREW, 0},
    {{"conda", "install"}, RP_PKG_CONDA, 0},
    {{"mamba", "install"}, RP_PKG_CONDA, 0},
    {{"micromamba", "install"}, RP_PKG_CONDA, 0},
};

/* Flags that take an argument, per ecosystem (" flag " each). */
static const char *const arg_flags[RP_PKG_COUNT] = {
    [RP_PKG_PYPI] = " -r -c -e -i -t -f --requirement --constraint --editable --index-url"
	" --extra-index-url --target --find-links --trusted-host --prefix --root --src"
	" --platform --python-version --implementation --abi --cache-dir --proxy"
	" --log --timeout --retries --python --with --group --index ",
    [RP_PKG_NPM] = " --registry --tag --prefix -w --workspace --omit --include --package"
	" --cache ",
    [RP_PKG_CRATES] = " --version --vers --git --branch --tag --rev --path --features -f"
	" --registry --package -p --target --rename --root --index ",
    [RP_PKG_RUBYGEMS] = " -v --version -i --install-dir -s --source -n --bindir -p"
	" --http-proxy --platform --group ",
    [RP_PKG_NUGET] = " -v --version -s --source -f --framework --package-directory"
	" -projectname -source -outputdirectory -o ",
    [RP_PKG_DOCKER] = " -p -v -e --name -w -u --network --env-file -l --entrypoint --mount"
	" --restart --platform -h --hostname --user --volume --publish --env --label"
	" --workdir --memory -m --cpus --add-host --dns --device --cap-add --cap-drop"
	" --security-opt --log-driver --log-opt --ulimit --gpus --pull --shm-size ",
    [RP_PKG_CONDA] = " -c --channel -n --name -p --prefix --file ",
};

/* Words of prose that end a command's list of names. */
static const char prose[] = " and or then to in with from for on the if import as is it you"
    " we this that using via which will so but into your our also after before ";

/* pip_word - "pip", "pip3", "pip3.12" */
static int pip_word(const pkg_word *w)
{
    size_t  i;

    if (w->len < 3 || memcmp(w->s, "pip", 3) != 0)
	return 0;
    for (i = 3; i < w->len; i++)
	if (!(w->s[i] >= '0' && w->s[i] <= '9') && w->s[i] != '.')
	    return 0;
    return 1;
}

/* python_word - "python", "python3", "python3.12", "py" */
static int python_word(const pkg_word *w)
{
    size_t  i;

    if (pkg_word_is(w, "py"))
	return 1;
    if (w->len < 6 || memcmp(w->s, "python", 6) != 0)
	return 0;
    for (i = 6; i < w->len; i++)
	if (!(w->s[i] >= '0' && w->s[i] <= '9') && w->s[i] != '.')
	    return 0;
    return 1;
}

/*
 * match_command - the command that starts at the word at *pos, or NULL;
 * *pos moves past its words.  "sudo", prompts, "python -m pip" and
 * "dotnet add PROJECT package" are read here.
 */
static const pkg_cmd *match_command(const pkg_scan *sc, size_t *pos)
{
    pkg_word w[6];
    size_t  p = *pos, after[6], n = 0, k, c, j;

    while (n < 6 && pkg_next_word(sc, &p, &w[n]) && !w[n].end && (n == 0 || !w[n].line)) {
	pkg_trim(&w[n]);
	after[n++] = p;
    }
    k = 0;
    while (k < n && (pkg_word_is(&w[k], "sudo") || pkg_word_is(&w[k], "$") || pkg_word_is(&w[k], "#")
		     || pkg_word_is(&w[k], ">") || (k > 0 && pkg_word_is(&w[k - 1], "sudo")
						&& w[k].len && w[k].s[0] == '-')))
	k++;
    if (k + 2 < n && python_word(&w[k]) && pkg_word_is(&w[k + 1], "-m") && pip_word(&w[k + 2]))
	k += 2;
    if (k < n && pip_word(&w[k])) {
	w[k].s = "pip";
	w[k].len = 3;
    }
    /* dotnet add PROJECT package NAME */
    if (k + 3 < n && pkg_word_is(&w[k], "dotnet") && pkg_word_is(&w[k + 1], "add")
	&& !pkg_word_is(&w[k + 2], "package") && pkg_word_is(&w[k + 3], "package")) {
	w[k + 2] = w[k + 1];
	w[k + 1] = w[k];
	k++;
    }
    for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
	for (j = 0; j < 3 && commands[c].w[j]; j++)
	    if (k + j >= n || !pkg_word_is(&w[k + j], commands[c].w[j]))
		break;
	if (j == 3 || commands[c].w[j] == NULL) {
	    *pos = after[k + j - 1];
	    return &commands[c];
	}
    }
    return NULL;
}

/* command_label - "pip install" for reasons */
static void command_label(const pkg_cmd *cmd, char *buf, size_t size)
{
    size_t  j;

    buf[0] = 0;
    for (j = 0; j < 3 && cmd->w[j]; j++) {
	if (j)
	    g_strlcat(buf, " ", size);
	g_strlcat(buf, cmd->w[j], size);
    }
}

/* read_args - the names a command's arguments give, from *pos on */
static void read_args(pkg_scan *sc, const pkg_cmd *cmd, size_t *pos)
{
    pkg_word w;
    size_t  p = *pos, n;
    char    how[64];
    int     skip = 0, last;

    command_label(cmd, how, sizeof(how));
    for (n = 0; n < RP_PKG_ARGS_MAX && pkg_next_word(sc, &p, &w); n++) {
	if (w.end || w.line)
	    break;
	/* a closing backtick ends inline code: its last word (quotes are the shell's) */
	last = w.len && w.s[w.len - 1] == '`';
	pkg_trim(&w);
	if (w.len == 0 || !pkg_has_alnum(&w))
	    break;			/* "-", a dash of prose */
	if (skip) {
	    skip = 0;
	    continue;
	}
	if (w.s[0] == '-') {
	    if (cmd->eco == RP_PKG_HOMEBREW && pkg_word_is(&w, "--cask"))
		break;			/* casks: no list of them is shipped */
	    skip = !memchr(w.s, '=', w.len) && pkg_in_list(arg_flags[cmd->eco], w.s, w.len);
	    if (last)
		break;
	    continue;
	}
	if (w.s[0] == '#' || pkg_in_list(prose, w.s, w.len))
	    break;
	if (pkg_name_of(cmd->eco, &w)) {
	    pkg_report(sc, cmd->eco, how, w.s, w.len);
	    if (cmd->first)
		last = 1;
	}
	*pos = p;
	if (last)
	    break;
    }
}

/* rp_check_packages - install commands and manifests of the shown text */
void    rp_check_packages(check_state *st)
{
    pkg_scan sc;
    pkg_word w;
    size_t  pos = 0, at;
    const pkg_cmd *cmd;
    char   *text;

    if (st->engine->packages == NULL)
	return;
    text = pkg_shown_text(st->f, &sc.len);
    sc.st = st;
    sc.text = text;
    sc.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (;;) {
	at = pos;
	if (!pkg_next_word(&sc, &pos, &w))
	    break;
	if (w.end)
	    continue;
	/* the command may start here: its words are read from at */
	if ((cmd = match_command(&sc, &at)) != NULL) {
	    read_args(&sc, cmd, &at);
	    pos = at > pos ? at : pos;
	    continue;
	}
	pos = pkg_manifest(&sc, w, pos);
    }
    pkg_links(&sc);
    g_hash_table_destroy(sc.seen);
    free(text);
}
