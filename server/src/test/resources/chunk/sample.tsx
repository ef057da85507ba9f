import React from "react";

interface Props { name: string }

export function Hello({ name }: Props) {
  return <div className="hello">Hello {name}</div>;
}

export const Bye = (props: Props) => <span>Bye {props.name}</span>;

export class Counter extends React.Component<Props> {
  render() {
    return <b>{this.props.name}</b>;
  }
}
