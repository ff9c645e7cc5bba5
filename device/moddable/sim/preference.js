// Stand-in for Moddable's `preference` in the desktop simulator (preference.c): the values live in files under
// the build's file root, outside the XS heap, as they live in NVS on the device. XS host-function syntax, so
// this module stays JavaScript.

import config from "mc/config";

const root = config.file?.root ?? "/tmp/";

function set(root, domain, key, value) @ "xs_posterm_sim_preference_set";
function get(root, domain, key) @ "xs_posterm_sim_preference_get";
function remove(root, domain, key) @ "xs_posterm_sim_preference_delete";
function keys(root, domain) @ "xs_posterm_sim_preference_keys";

export default class Preference {
	static set(domain, key, value) {
		set(root, domain, key, value);
	}
	static get(domain, key) {
		return get(root, domain, key);
	}
	static delete(domain, key) {
		remove(root, domain, key);
	}
	static keys(domain) {
		return keys(root, domain);
	}
}
