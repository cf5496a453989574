import { renderTemplate } from '@/canned-responses/render';

const values = {
  'ticket.number': '1042',
  'ticket.title': 'Printer on fire',
  'user.full_name': 'Ada Lovelace',
  'agent.full_name': 'Grace Hopper',
};

describe('renderTemplate', () => {
  it('replaces every known placeholder, each time it occurs', () => {
    expect(
      renderTemplate(
        'Hi {{user.full_name}}, #{{ticket.number}} ({{ticket.title}}) is on it. {{user.full_name}}? — {{agent.full_name}}',
        values,
      ),
    ).toBe('Hi Ada Lovelace, #1042 (Printer on fire) is on it. Ada Lovelace? — Grace Hopper');
  });

  it('tolerates whitespace inside the braces', () => {
    expect(renderTemplate('{{ ticket.title }} / {{\tuser.full_name  }}', values)).toBe(
      'Printer on fire / Ada Lovelace',
    );
  });

  it('leaves unknown placeholders as written', () => {
    expect(renderTemplate('{{ticket.status}} {{ user.email }} {{constructor}} {{x}}', values)).toBe(
      '{{ticket.status}} {{ user.email }} {{constructor}} {{x}}',
    );
  });

  it('does not expand a value that looks like a placeholder', () => {
    expect(
      renderTemplate('{{ticket.title}}', { ...values, 'ticket.title': '{{user.full_name}}' }),
    ).toBe('{{user.full_name}}');
  });

  it('keeps markup and entities as plain characters', () => {
    expect(
      renderTemplate('<b>{{ticket.title}}</b> &amp;', {
        ...values,
        'ticket.title': '<script>alert(1)</script> & "x"',
      }),
    ).toBe('<b><script>alert(1)</script> & "x"</b> &amp;');
  });

  it('does not treat $ patterns in values specially', () => {
    expect(renderTemplate('{{ticket.title}}', { 'ticket.title': "$& $1 $$ $'" })).toBe(
      "$& $1 $$ $'",
    );
  });

  it('leaves malformed braces alone', () => {
    expect(renderTemplate('{ticket.title} {{ticket.title} {{Ticket.Title}}', values)).toBe(
      '{ticket.title} {{ticket.title} {{Ticket.Title}}',
    );
  });
});
