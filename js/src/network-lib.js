// What the network pages need from npm: vis-network's peer build with vis-data's DataSet (and their
// peers). Bundled by js/bundle.mjs into kg/views/assets/vendor/network-lib.js (git-ignored) and inlined
// into each network page, or served to the query page; the style sheet is vendor/vis-network.css.
import { Network } from "vis-network/peer";
import { DataSet, DataView } from "vis-data/peer";

// The timeline's bundle defines `vis` too: add to it rather than replace it.
window.vis = Object.assign(window.vis || {}, { Network, DataSet, DataView });
