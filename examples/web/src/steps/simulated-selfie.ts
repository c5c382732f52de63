/**
 * Stands in for a camera and a liveness vendor: draws a "selfie" on a canvas the page
 * never shows. What happens next is real: the picture is uploaded through the proxy and
 * the liveness result submitted.
 */
export function simulateSelfie(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 480;
  canvas.height = 480;
  const context = canvas.getContext('2d');
  if (context) {
    context.scale(2, 2);
    const gradient = context.createLinearGradient(0, 0, 240, 240);
    gradient.addColorStop(0, '#cfe3ff');
    gradient.addColorStop(1, '#f5e1ff');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 240, 240);
    context.fillStyle = '#f2c9a0';
    context.beginPath();
    context.ellipse(120, 115, 58, 72, 0, 0, Math.PI * 2);
    context.fill();
    context.fillStyle = '#3b2a20';
    for (const x of [98, 142]) {
      context.beginPath();
      context.arc(x, 100, 7, 0, Math.PI * 2);
      context.fill();
    }
    context.strokeStyle = '#8a4b3a';
    context.lineWidth = 4;
    context.beginPath();
    context.arc(120, 135, 22, 0.15 * Math.PI, 0.85 * Math.PI);
    context.stroke();
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => {
      if (blob) resolve(new File([blob], 'selfie.png', { type: 'image/png' }));
      else reject(new Error('the capture failed'));
    }, 'image/png'),
  );
}
