// What the map page needs from npm: a projection, SVG paths, and the world's country shapes.
// Bundled by js/bundle.mjs into kg/views/assets/vendor/map-lib.js (git-ignored), inlined into each map page.
import { geoNaturalEarth1, geoPath, geoCentroid } from "d3-geo";
import { feature, mesh } from "topojson-client";
import countries from "world-atlas/countries-50m.json";

window.kgGeo = { geoNaturalEarth1, geoPath, geoCentroid, feature, mesh, countries };
