// The widget frame (/widget/frame): rendered inside widget.js's iframe, on the API's origin.
import { render } from 'preact';
import { WidgetApp } from '@web/widget/frame/app';
import { WidgetController } from '@web/widget/frame/controller';
import '@web/widget/frame/widget.css';

const widget = new WidgetController(new URLSearchParams(location.search));
document.title = `${widget.params.title}: support chat`;
const root = document.getElementById('app');
if (root !== null) render(<WidgetApp widget={widget} />, root);
widget.start();
