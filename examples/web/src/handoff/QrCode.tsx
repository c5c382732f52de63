import { useMemo } from 'react';
import { encode } from 'uqr';

/** A QR code of `text` as an SVG path, one unit per module, with its quiet zone. */
export function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const { path, size } = useMemo(() => {
    const { data, size: modules } = encode(text, { border: 2 });
    let drawn = '';
    data.forEach((row, y) => {
      row.forEach((dark, x) => {
        if (dark) drawn += `M${x} ${y}h1v1h-1z`;
      });
    });
    return { path: drawn, size: modules };
  }, [text]);
  return (
    <svg
      className="qr"
      viewBox={`0 0 ${size} ${size}`}
      width={200}
      height={200}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
