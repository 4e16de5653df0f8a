// Parse a feed file with podcast-partytime (the parser Podverse and the Podcast Index
// use) and print the result as JSON. Installed by scripts/test.sh into .node/ (git-ignored):
// podcast-partytime 5.0.0, MIT, https://www.npmjs.com/package/podcast-partytime
"use strict";
process.env.PARTYTIME_LOG = process.env.PARTYTIME_LOG || "silent";
const fs = require("fs");
const pt = require("podcast-partytime");
const xml = fs.readFileSync(process.argv[2], "utf8");
const feed = pt.parseFeed(xml, { allowMissingGuid: true });
process.stdout.write(JSON.stringify(feed, (k, v) => (v instanceof Date ? v.toISOString() : v)));
