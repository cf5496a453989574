// The agent console (/console).
import { render } from 'preact';
import { ConsoleApp } from '@web/console/app';
import { ConsoleStore } from '@web/console/store';
import '@web/console/console.css';

const store = new ConsoleStore();
const root = document.getElementById('app');
if (root !== null) render(<ConsoleApp store={store} />, root);
void store.start();
