// A second module that defines a class with the same name as one in rich.js
// (`Item`), so the snapshot has two same-named constructors at different
// script locations: DevTools keeps them as two Summary rows (class key =
// "scriptId,line,column,name").
'use strict';

class Item {
	constructor(n) {
		this.lib = n;
		this.tag = 'lib-item';
	}
}

module.exports = { Item };
